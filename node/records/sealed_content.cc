#include "node/records/sealed_content.h"

#include <openssl/err.h>
#include <openssl/rand.h>

#include <climits>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "node/records/part_digest.h"
#include "node/records/part_path.h"
#include "rilon/v1/report_parts.pb.h"

namespace rilon::records {
namespace {

// Collects the parts in canonical order; salts and digests are added once all are known, so the
// random generator is called once per report.
class PartList {
 public:
  void Add(std::string path, const google::protobuf::MessageLite& content) {
    rilon::v1::DisclosedPart& part = parts_.emplace_back();
    part.set_path(std::move(path));
    part.set_value(content.SerializeAsString());
  }

  absl::StatusOr<SealedContent> Seal(std::string skeleton) && {
    std::string salts(parts_.size() * kPartSaltBytes, '\0');
    if (salts.size() > static_cast<size_t>(INT_MAX) ||
        RAND_bytes(reinterpret_cast<unsigned char*>(salts.data()),
                   static_cast<int>(salts.size())) != 1) {
      return absl::InternalError(
          absl::StrCat("the random generator failed to salt a report's parts (OpenSSL error ",
                       ERR_get_error(), "); nothing was stored: submit again"));
    }
    SealedContent sealed;
    sealed.skeleton = std::move(skeleton);
    sealed.digests.reserve(parts_.size());
    PartHasher hasher;
    for (size_t i = 0; i < parts_.size(); ++i) {
      rilon::v1::DisclosedPart& part = parts_[i];
      part.set_salt(salts.substr(i * kPartSaltBytes, kPartSaltBytes));
      rilon::v1::PartDigest& digest = sealed.digests.emplace_back();
      digest.set_path(part.path());
      digest.set_digest(hasher.Digest(part.path(), part.salt(), part.value()));
    }
    sealed.parts = std::move(parts_);
    return sealed;
  }

 private:
  std::vector<rilon::v1::DisclosedPart> parts_;
};

}  // namespace

absl::StatusOr<SealedContent> SealReport(rilon::v1::TrendReport report) {
  // Each part's content is moved out of `report`; what is left is the skeleton.
  PartList parts;
  // Taken out and put back rather than used through mutable_geography(), which would give a
  // report without geography an empty one.
  const bool has_geography = report.has_geography();
  rilon::v1::Geography geography;
  if (has_geography) geography.Swap(report.mutable_geography());

  rilon::v1::NarrativePart narrative;
  narrative.set_narrative(std::move(*report.mutable_narrative()));
  parts.Add(std::string(PartPath::kNarrative), narrative);

  rilon::v1::SourcesPart sources;
  sources.mutable_sources()->Swap(report.mutable_sources());
  parts.Add(std::string(PartPath::kSources), sources);

  rilon::v1::CountriesPart countries;
  countries.mutable_countries()->Swap(geography.mutable_countries());
  countries.mutable_subdivisions()->Swap(geography.mutable_subdivisions());
  parts.Add(std::string(PartPath::kCountries), countries);

  rilon::v1::RoutesPart routes;
  routes.mutable_routes()->Swap(geography.mutable_routes());
  routes.set_route_note(std::move(*geography.mutable_route_note()));
  parts.Add(std::string(PartPath::kRoutes), routes);

  for (int i = 0; i < report.measures_size(); ++i) {
    rilon::v1::Measure& m = *report.mutable_measures(i);
    rilon::v1::MeasurePart descriptor;
    descriptor.set_indicator(std::move(*m.mutable_indicator()));
    descriptor.set_unit(std::move(*m.mutable_unit()));
    descriptor.set_currency(std::move(*m.mutable_currency()));
    descriptor.set_note(std::move(*m.mutable_note()));
    descriptor.set_confidence(m.confidence());
    parts.Add(PartPath::Measure(i), descriptor);
    rilon::v1::MeasureValuePart value;
    value.set_value(m.value());
    parts.Add(PartPath::MeasureValue(i), value);
    for (int j = 0; j < m.disaggregations_size(); ++j) {
      parts.Add(PartPath::Cell(i, j), m.disaggregations(j));
    }
  }

  // Moved-from strings are valid but unspecified: every part's field is cleared.
  report.clear_narrative();
  report.clear_sources();
  report.clear_measures();
  if (has_geography) {
    geography.clear_countries();
    geography.clear_subdivisions();
    geography.clear_routes();
    geography.clear_route_note();
    report.mutable_geography()->Swap(&geography);
  }
  return std::move(parts).Seal(report.SerializeAsString());
}

void PutSealedContent(SealedContent content, rilon::v1::RecordBody& body,
                      rilon::v1::SignedRecord& record) {
  body.set_payload(std::move(content.skeleton));
  for (rilon::v1::PartDigest& digest : content.digests) {
    *body.add_part_digests() = std::move(digest);
  }
  for (rilon::v1::DisclosedPart& part : content.parts) *record.add_parts() = std::move(part);
}

}  // namespace rilon::records
