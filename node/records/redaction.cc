#include "node/records/redaction.h"

#include <optional>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "node/records/envelope.h"
#include "node/records/part_digest.h"
#include "node/records/part_path.h"
#include "node/util/string_views.h"
#include "rilon/v1/report_parts.pb.h"

namespace rilon::records {
namespace {

using Kind = ParsedPartPath::Kind;

// The fixed head of the canonical order.
constexpr std::string_view kFieldPaths[] = {PartPath::kNarrative, PartPath::kSources,
                                            PartPath::kCountries, PartPath::kRoutes};

struct MeasureRange {
  size_t descriptor = 0;  // index in part_digests of "m<i>"
  size_t end = 0;         // one past its last cell
};

// The structure of a body's part digests, validated against the canonical order.
struct Layout {
  std::vector<ParsedPartPath> parsed;  // one per digest
  std::vector<MeasureRange> measures;
  const rilon::v1::RecordBody* body = nullptr;

  // The digest index of a path, through a map built on first use (views into the body).
  std::optional<size_t> IndexOf(std::string_view path) const {
    if (!index_.has_value()) {
      index_.emplace();
      index_->reserve(parsed.size());
      for (size_t k = 0; k < parsed.size(); ++k) {
        index_->emplace(body->part_digests(static_cast<int>(k)).path(), k);
      }
    }
    auto it = index_->find(path);
    if (it == index_->end()) return std::nullopt;
    return it->second;
  }

 private:
  mutable std::optional<absl::flat_hash_map<std::string_view, size_t>> index_;
};

// Finds the digests of a record's parts in turn. A correct origin, and every redaction, keeps
// the parts in the canonical order of their digests, so each is found by a short scan forward
// from the last; the first part out of order turns to the layout's map for the rest, so that
// no order costs more than linear time.
class PartFinder {
 public:
  explicit PartFinder(const Layout& layout) : layout_(layout) {}

  std::optional<size_t> Find(std::string_view path) {
    if (!in_order_) return layout_.IndexOf(path);
    for (size_t k = next_; k < layout_.parsed.size(); ++k) {
      if (layout_.body->part_digests(static_cast<int>(k)).path() == path) {
        next_ = k + 1;
        return k;
      }
    }
    in_order_ = false;
    return layout_.IndexOf(path);
  }

 private:
  const Layout& layout_;
  size_t next_ = 0;
  bool in_order_ = true;
};

bool HasReportContent(const rilon::v1::RecordBody& body) {
  return body.kind() == rilon::v1::TREND_REPORT && !body.has_retraction();
}

std::string Quoted(std::string_view path) { return absl::StrCat("\"", util::ToAbsl(path), "\""); }

// The paths that may come after `previous` (nothing for the first digest).
std::string ExpectedAfter(const std::optional<ParsedPartPath>& previous, size_t position) {
  if (position < std::size(kFieldPaths)) return Quoted(kFieldPaths[position]);
  if (!previous.has_value() || !previous->InMeasure()) return Quoted(PartPath::Measure(0));
  if (previous->kind == Kind::kMeasure) return Quoted(PartPath::MeasureValue(previous->measure));
  const size_t next_cell = previous->kind == Kind::kCell ? previous->cell + 1 : 0;
  return absl::StrCat(Quoted(PartPath::Cell(previous->measure, next_cell)), " or ",
                      Quoted(PartPath::Measure(previous->measure + 1)));
}

bool FollowsCanonically(const ParsedPartPath& p, const std::optional<ParsedPartPath>& previous,
                        size_t position) {
  // The field kinds are declared in canonical order, 0 to 3.
  if (position < std::size(kFieldPaths)) {
    return !p.InMeasure() && static_cast<size_t>(p.kind) == position;
  }
  if (!previous->InMeasure()) return p.kind == Kind::kMeasure && p.measure == 0;
  switch (p.kind) {
    case Kind::kMeasure:
      return previous->kind != Kind::kMeasure && p.measure == previous->measure + 1;
    case Kind::kMeasureValue:
      return previous->kind == Kind::kMeasure && p.measure == previous->measure;
    case Kind::kCell:
      return previous->kind != Kind::kMeasure && p.measure == previous->measure &&
             p.cell == (previous->kind == Kind::kCell ? previous->cell + 1 : 0);
    default:
      return false;
  }
}

absl::StatusOr<Layout> ReadLayout(const rilon::v1::RecordBody& body) {
  Layout layout;
  layout.body = &body;
  const int n = body.part_digests_size();
  if (!HasReportContent(body)) {
    if (n > 0) {
      return absl::InvalidArgumentError(
          "record body has part_digests but no report content (a retraction or another kind)");
    }
    return layout;
  }
  if (n < static_cast<int>(std::size(kFieldPaths))) {
    return absl::InvalidArgumentError(absl::StrCat(
        "record body has ", n, " part_digests; a sealed trend report has at least the 4 fields"));
  }
  layout.parsed.reserve(n);
  std::optional<ParsedPartPath> previous;
  for (int k = 0; k < n; ++k) {
    const rilon::v1::PartDigest& d = body.part_digests(k);
    std::optional<ParsedPartPath> p = ParsePartPath(d.path());
    if (!p.has_value() || !FollowsCanonically(*p, previous, static_cast<size_t>(k))) {
      return absl::InvalidArgumentError(absl::StrCat(
          "part_digests[", k, "] has path ", Quoted(d.path()),
          " where the canonical order expects ", ExpectedAfter(previous, static_cast<size_t>(k))));
    }
    if (d.digest().size() != kPartDigestBytes) {
      return absl::InvalidArgumentError(absl::StrCat("the digest of part ", Quoted(d.path()),
                                                     " has ", d.digest().size(),
                                                     " bytes; a part digest is 32 bytes"));
    }
    if (p->kind == Kind::kMeasure) layout.measures.push_back({static_cast<size_t>(k), 0});
    if (p->InMeasure()) layout.measures.back().end = static_cast<size_t>(k) + 1;
    layout.parsed.push_back(*p);
    previous = p;
  }
  if (previous->kind == Kind::kMeasure) {
    return absl::InvalidArgumentError(absl::StrCat(
        "part_digests end after ", Quoted(PartPath::Measure(previous->measure)),
        "; the canonical order expects ", Quoted(PartPath::MeasureValue(previous->measure))));
  }
  return layout;
}

// The part the record carries for each digest (null where withheld): each known, once, with a
// salt of the right size. With `hasher`, also checked against its digest.
using PartsByIndex = std::vector<const rilon::v1::DisclosedPart*>;
absl::StatusOr<PartsByIndex> DisclosedParts(const rilon::v1::SignedRecord& record,
                                            const rilon::v1::RecordBody& body, const Layout& layout,
                                            PartHasher* hasher) {
  PartsByIndex disclosed(layout.parsed.size(), nullptr);
  PartFinder finder(layout);
  for (const rilon::v1::DisclosedPart& part : record.parts()) {
    const std::optional<size_t> index = finder.Find(part.path());
    if (!index.has_value()) {
      return absl::InvalidArgumentError(absl::StrCat("disclosed part ", Quoted(part.path()),
                                                     " has no digest in the signed body"));
    }
    if (disclosed[*index] != nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("part ", Quoted(part.path()), " is disclosed twice"));
    }
    if (part.salt().size() != kPartSaltBytes) {
      return absl::InvalidArgumentError(absl::StrCat("part ", Quoted(part.path()), " has a ",
                                                     part.salt().size(),
                                                     "-byte salt; a part salt is 16 bytes"));
    }
    if (hasher != nullptr &&
        !hasher->Matches(part.path(), part.salt(), part.value(),
                         body.part_digests(static_cast<int>(*index)).digest())) {
      return absl::InvalidArgumentError(absl::StrCat(
          "part ", Quoted(part.path()),
          " does not match its signed digest: its value or salt was altered, or it comes from "
          "another path or record"));
    }
    disclosed[*index] = &part;
  }
  return disclosed;
}

// `disclosed(k)`: whether the part of digest k is disclosed.
template <typename IsDisclosed>
absl::Status CheckNote(const rilon::v1::RedactionNote& note, const Layout& layout,
                       const IsDisclosed& disclosed) {
  const std::optional<size_t> index = layout.IndexOf(note.path());
  if (!index.has_value()) {
    return absl::InvalidArgumentError(absl::StrCat("redaction note on part ", Quoted(note.path()),
                                                   ", which the record does not have"));
  }
  if (disclosed(*index)) {
    return absl::InvalidArgumentError(
        absl::StrCat("redaction note on part ", Quoted(note.path()),
                     ", which is disclosed: a note may only explain a withheld part"));
  }
  const std::string& code = note.code();
  if (code != kCodeConfidential && code != kCodeSecondary && code != kCodeWithheld &&
      code != kCodeRounded) {
    return absl::InvalidArgumentError(absl::StrCat("redaction note on part ", Quoted(note.path()),
                                                   " has code ", Quoted(code),
                                                   "; the codes are C, D, W and R"));
  }
  if ((code == kCodeRounded) != note.has_published_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat("redaction note on part ", Quoted(note.path()), " has code ", code,
                     code == kCodeRounded ? " but no published_value"
                                          : " and a published_value (only R has one)"));
  }
  return absl::OkStatus();
}

// Parses into `message` (cleared first), so that a caller can reuse one or parse in place.
template <typename Message>
absl::Status ParsePartInto(const rilon::v1::DisclosedPart& part, Message& message) {
  if (!message.ParseFromString(part.value())) {
    return absl::InvalidArgumentError(absl::StrCat(
        "part ", Quoted(part.path()), " does not decode as a ", message.GetTypeName()));
  }
  return absl::OkStatus();
}

template <typename Message>
absl::StatusOr<Message> ParsePart(const rilon::v1::DisclosedPart& part) {
  Message message;
  if (absl::Status s = ParsePartInto(part, message); !s.ok()) return s;
  return message;
}

absl::StatusOr<rilon::v1::TrendReport> ParseSkeleton(const rilon::v1::RecordBody& body) {
  rilon::v1::TrendReport skeleton;
  if (!skeleton.ParseFromString(body.payload())) {
    return absl::InvalidArgumentError(
        "record payload is not a serialized rilon.v1.TrendReport skeleton");
  }
  const rilon::v1::Geography& g = skeleton.geography();
  if (!skeleton.narrative().empty() || skeleton.sources_size() > 0 ||
      skeleton.measures_size() > 0 || g.countries_size() > 0 || g.subdivisions_size() > 0 ||
      g.routes_size() > 0 || !g.route_note().empty()) {
    return absl::InvalidArgumentError(
        "record payload (the skeleton of a sealed report) carries content that belongs in its "
        "parts (narrative, sources, geography lists or measures)");
  }
  return skeleton;
}

// Puts the disclosed parts back into the skeleton `report`; with no report, only checks that
// each part decodes as its type and belongs to a disclosed measure (the cells, most of a
// report's parts, are then parsed into one scratch message instead of a report).
absl::Status Assemble(const Layout& layout,
                      const std::vector<const rilon::v1::DisclosedPart*>& by_index,
                      rilon::v1::TrendReport* report) {
  rilon::v1::Geography* geography = nullptr;
  auto geo = [&]() -> rilon::v1::Geography& {
    if (geography == nullptr) geography = report->mutable_geography();
    return *geography;
  };
  for (size_t k = 0; k < std::size(kFieldPaths); ++k) {
    const rilon::v1::DisclosedPart* part = by_index[k];
    if (part == nullptr) continue;
    switch (layout.parsed[k].kind) {
      case Kind::kNarrative: {
        absl::StatusOr<rilon::v1::NarrativePart> p = ParsePart<rilon::v1::NarrativePart>(*part);
        if (!p.ok()) return p.status();
        if (report != nullptr) report->set_narrative(std::move(*p->mutable_narrative()));
        break;
      }
      case Kind::kSources: {
        absl::StatusOr<rilon::v1::SourcesPart> p = ParsePart<rilon::v1::SourcesPart>(*part);
        if (!p.ok()) return p.status();
        if (report != nullptr) report->mutable_sources()->Swap(p->mutable_sources());
        break;
      }
      case Kind::kCountries: {
        absl::StatusOr<rilon::v1::CountriesPart> p = ParsePart<rilon::v1::CountriesPart>(*part);
        if (!p.ok()) return p.status();
        if (report != nullptr) {
          geo().mutable_countries()->Swap(p->mutable_countries());
          geo().mutable_subdivisions()->Swap(p->mutable_subdivisions());
        }
        break;
      }
      case Kind::kRoutes: {
        absl::StatusOr<rilon::v1::RoutesPart> p = ParsePart<rilon::v1::RoutesPart>(*part);
        if (!p.ok()) return p.status();
        if (report != nullptr) {
          geo().mutable_routes()->Swap(p->mutable_routes());
          geo().set_route_note(std::move(*p->mutable_route_note()));
        }
        break;
      }
      default:
        break;
    }
  }
  rilon::v1::Measure scratch_measure;  // stands in for the report's measure when only checking
  for (const MeasureRange& range : layout.measures) {
    const rilon::v1::DisclosedPart* descriptor_part = by_index[range.descriptor];
    if (descriptor_part == nullptr) {
      for (size_t k = range.descriptor + 1; k < range.end; ++k) {
        if (by_index[k] != nullptr) {
          return absl::InvalidArgumentError(absl::StrCat(
              "part ", Quoted(by_index[k]->path()), " is disclosed but its measure ",
              Quoted(PartPath::Measure(layout.parsed[range.descriptor].measure)), " is withheld"));
        }
      }
      continue;
    }
    absl::StatusOr<rilon::v1::MeasurePart> descriptor =
        ParsePart<rilon::v1::MeasurePart>(*descriptor_part);
    if (!descriptor.ok()) return descriptor.status();
    rilon::v1::Measure* m = report != nullptr ? report->add_measures() : &scratch_measure;
    m->set_indicator(std::move(*descriptor->mutable_indicator()));
    m->set_unit(std::move(*descriptor->mutable_unit()));
    m->set_currency(std::move(*descriptor->mutable_currency()));
    m->set_note(std::move(*descriptor->mutable_note()));
    m->set_confidence(descriptor->confidence());
    for (size_t k = range.descriptor + 1; k < range.end; ++k) {
      const rilon::v1::DisclosedPart* part = by_index[k];
      if (part == nullptr) continue;
      if (layout.parsed[k].kind == Kind::kMeasureValue) {
        absl::StatusOr<rilon::v1::MeasureValuePart> value =
            ParsePart<rilon::v1::MeasureValuePart>(*part);
        if (!value.ok()) return value.status();
        m->set_value(value->value());
      } else {
        // A cell parses in place: into the report's measure, or over the scratch's one cell.
        rilon::v1::Disaggregation* cell = report != nullptr || m->disaggregations_size() == 0
                                              ? m->add_disaggregations()
                                              : m->mutable_disaggregations(0);
        if (absl::Status s = ParsePartInto(*part, *cell); !s.ok()) return s;
      }
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<OpenedReport> OpenWhole(const rilon::v1::SignedRecord& record,
                                       const rilon::v1::RecordBody& body) {
  if (record.parts_size() > 0 || record.notes_size() > 0) {
    return absl::InvalidArgumentError(
        "record of envelope version 1 carries parts or redaction notes; only version 2 records "
        "can be redacted");
  }
  OpenedReport opened;
  if (!opened.report.ParseFromString(body.payload())) {
    return absl::InvalidArgumentError("record payload is not a serialized rilon.v1.TrendReport");
  }
  return opened;
}

// OpenReport's checks of a version 2 record; with `opened`, also what it discloses.
absl::Status OpenSealed(const rilon::v1::SignedRecord& record, const rilon::v1::RecordBody& body,
                        OpenedReport* opened) {
  absl::StatusOr<Layout> layout = ReadLayout(body);
  if (!layout.ok()) return layout.status();
  absl::StatusOr<rilon::v1::TrendReport> skeleton = ParseSkeleton(body);
  if (!skeleton.ok()) return skeleton.status();
  PartHasher hasher;
  absl::StatusOr<PartsByIndex> disclosed = DisclosedParts(record, body, *layout, &hasher);
  if (!disclosed.ok()) return disclosed.status();
  const PartsByIndex& by_index = *disclosed;
  for (const rilon::v1::RedactionNote& note : record.notes()) {
    if (absl::Status s = CheckNote(note, *layout, [&](size_t k) { return by_index[k] != nullptr; });
        !s.ok()) {
      return s;
    }
  }
  if (opened == nullptr) return Assemble(*layout, by_index, nullptr);
  opened->report = *std::move(skeleton);
  if (absl::Status s = Assemble(*layout, by_index, &opened->report); !s.ok()) return s;
  for (size_t k = 0; k < by_index.size(); ++k) {
    if (by_index[k] == nullptr) opened->withheld_parts.push_back(body.part_digests(k).path());
  }
  opened->notes.assign(record.notes().begin(), record.notes().end());
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<OpenedReport> OpenReport(const rilon::v1::SignedRecord& record,
                                        const rilon::v1::RecordBody& body) {
  if (!HasReportContent(body)) {
    return absl::InvalidArgumentError(
        "record has no report content (a retraction or another kind than TREND_REPORT)");
  }
  if (body.envelope_version() == kEnvelopeV1) return OpenWhole(record, body);
  OpenedReport opened;
  if (absl::Status s = OpenSealed(record, body, &opened); !s.ok()) return s;
  return opened;
}

absl::Status CheckDisclosure(const rilon::v1::SignedRecord& record,
                             const rilon::v1::RecordBody& body) {
  if (HasReportContent(body)) {
    if (body.envelope_version() == kEnvelopeV1) return OpenWhole(record, body).status();
    return OpenSealed(record, body, nullptr);
  }
  if (body.part_digests_size() > 0 || record.parts_size() > 0 || record.notes_size() > 0) {
    return absl::InvalidArgumentError(
        "record without report content (a retraction or another kind) carries part digests, "
        "parts or redaction notes");
  }
  return absl::OkStatus();
}

absl::StatusOr<rilon::v1::SignedRecord> Redact(const rilon::v1::SignedRecord& record,
                                               const Disclosure& disclosure) {
  absl::StatusOr<rilon::v1::RecordBody> body = DecodeBody(record);
  if (!body.ok()) return body.status();
  if (body->envelope_version() == kEnvelopeV1) {
    return absl::FailedPreconditionError(absl::StrCat(
        "record ", RecordIdHex(RecordIdBytes(record.body())),
        " is of envelope version 1: its content is signed as one piece, so no part of it can be "
        "withheld without breaking the origin's signature; withhold the whole record instead"));
  }
  absl::StatusOr<Layout> layout = ReadLayout(*body);
  if (!layout.ok()) return layout.status();
  absl::StatusOr<PartsByIndex> disclosed =
      DisclosedParts(record, *body, *layout, /*hasher=*/nullptr);
  if (!disclosed.ok()) return disclosed.status();

  PartsByIndex keep = *disclosed;
  for (const std::string& path : disclosure.withheld_parts) {
    const std::optional<size_t> index = layout->IndexOf(path);
    if (!index.has_value()) {
      return absl::InvalidArgumentError(
          absl::StrCat("cannot withhold part ", Quoted(path), ": the record has no such part"));
    }
    size_t end = *index + 1;
    if (layout->parsed[*index].kind == Kind::kMeasure) {
      for (const MeasureRange& range : layout->measures) {
        if (range.descriptor == *index) end = range.end;
      }
    }
    for (size_t k = *index; k < end; ++k) keep[k] = nullptr;
  }
  for (const rilon::v1::RedactionNote& note : disclosure.notes) {
    if (absl::Status s = CheckNote(note, *layout, [&](size_t k) { return keep[k] != nullptr; });
        !s.ok()) {
      return s;
    }
  }

  rilon::v1::SignedRecord out;
  out.set_body(record.body());
  out.set_signature(record.signature());
  // In the record's order (DisclosedParts found every part already, so each is found again).
  PartFinder finder(*layout);
  for (const rilon::v1::DisclosedPart& part : record.parts()) {
    if (keep[*finder.Find(part.path())] != nullptr) *out.add_parts() = part;
  }
  *out.mutable_notes() = record.notes();
  for (const rilon::v1::RedactionNote& note : disclosure.notes) *out.add_notes() = note;
  return out;
}

}  // namespace rilon::records
