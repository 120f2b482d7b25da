#include "node/sharing/requests.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "node/records/redaction.h"
#include "policy/ceiling.h"

namespace rilon::sharing {
namespace {

policy::Marking ToPolicy(rilon::v1::Marking marking) {
  switch (marking) {
    case rilon::v1::TLP_CLEAR:
      return policy::Marking::kClear;
    case rilon::v1::TLP_GREEN:
      return policy::Marking::kGreen;
    case rilon::v1::TLP_AMBER:
      return policy::Marking::kAmber;
    case rilon::v1::TLP_AMBER_STRICT:
      return policy::Marking::kAmberStrict;
    case rilon::v1::TLP_RED:
      return policy::Marking::kRed;
    default:
      return policy::Marking::kUnspecified;
  }
}

policy::RecordKind ToPolicy(rilon::v1::RecordKind kind) {
  switch (kind) {
    case rilon::v1::TREND_REPORT:
      return policy::RecordKind::kTrendReport;
    case rilon::v1::GROUP_MESSAGE:
      return policy::RecordKind::kGroupMessage;
    default:
      return policy::RecordKind::kUnspecified;
  }
}

policy::Theme ToPolicy(rilon::v1::Theme theme) {
  switch (theme) {
    case rilon::v1::PEOPLE_SMUGGLING:
      return policy::Theme::kPeopleSmuggling;
    case rilon::v1::TRAFFICKING_IN_PERSONS:
      return policy::Theme::kTraffickingInPersons;
    case rilon::v1::RELATED_CRIME:
      return policy::Theme::kRelatedCrime;
    default:
      return policy::Theme::kUnspecified;
  }
}

policy::Mode ToPolicy(rilon::v1::Mode mode) {
  switch (mode) {
    case rilon::v1::SEA:
      return policy::Mode::kSea;
    case rilon::v1::LAND:
      return policy::Mode::kLand;
    case rilon::v1::AIR:
      return policy::Mode::kAir;
    case rilon::v1::ONLINE_OTHER:
      return policy::Mode::kOnlineOther;
    default:
      return policy::Mode::kUnspecified;
  }
}

const std::vector<std::string>& NoGroups() {
  static const std::vector<std::string>* const none = new std::vector<std::string>();
  return *none;
}

}  // namespace

Directory::Directory(const rilon::config::v1::Directory& config) {
  for (const rilon::config::v1::ResponseGroup& group : config.group()) {
    for (const std::string& agency : group.agencies()) groups_of_[agency].push_back(group.id());
  }
  for (auto& [agency, groups] : groups_of_) {
    std::sort(groups.begin(), groups.end());
    groups.erase(std::unique(groups.begin(), groups.end()), groups.end());
  }
}

const std::vector<std::string>& Directory::GroupsOf(std::string_view agency) const {
  auto it = groups_of_.find(agency);
  return it == groups_of_.end() ? NoGroups() : it->second;
}

policy::RecordAttributes AttributesOf(const rilon::v1::RecordBody& body,
                                      const rilon::v1::TrendReport* report) {
  policy::RecordAttributes record;
  record.kind = ToPolicy(body.kind());
  record.marking = ToPolicy(body.marking());
  record.origin_agency = body.origin_agency();
  record.audience.agencies.assign(body.audience().agencies().begin(),
                                  body.audience().agencies().end());
  record.audience.groups.assign(body.audience().groups().begin(), body.audience().groups().end());
  if (report == nullptr) return record;
  record.theme = ToPolicy(report->theme());
  record.mode = ToPolicy(report->mode());
  record.countries.assign(report->geography().countries().begin(),
                          report->geography().countries().end());
  if (!report->geography().routes().empty()) record.route = report->geography().routes(0);
  for (const rilon::v1::Measure& measure : report->measures()) {
    record.indicators.push_back(measure.indicator());
  }
  std::sort(record.indicators.begin(), record.indicators.end());
  record.indicators.erase(std::unique(record.indicators.begin(), record.indicators.end()),
                          record.indicators.end());
  return record;
}

absl::StatusOr<policy::RecordAttributes> AttributesOf(const rilon::v1::SignedRecord& record,
                                                      const rilon::v1::RecordBody& body) {
  if (body.kind() != rilon::v1::TREND_REPORT || body.has_retraction()) {
    return AttributesOf(body, nullptr);
  }
  // The report as this node holds it (envelope v1: the payload; v2: the disclosed parts).
  absl::StatusOr<records::OpenedReport> opened = records::OpenReport(record, body);
  if (!opened.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("record of ", body.origin_agency(), " seq ", body.origin_seq(),
                     ": its trend report cannot be read (", opened.status().message(),
                     "), so no sharing decision can be taken on it"));
  }
  return AttributesOf(body, &opened->report);
}

Requests::Requests(std::string own_agency, Directory directory)
    : directory_(std::move(directory)), node_{own_agency, directory_.GroupsOf(own_agency)} {}

policy::Request Requests::Egress(std::string_view peer, bool relay) const {
  return {policy::Direction::kEgress,
          node_,
          {std::string(peer), directory_.GroupsOf(peer), policy::Role::kNode, relay}};
}

policy::Request Requests::Ingress(std::string_view sender) const {
  return {policy::Direction::kIngress,
          node_,
          {std::string(sender), directory_.GroupsOf(sender), policy::Role::kNode, false}};
}

policy::Request Requests::Read(policy::Role role) const {
  return {policy::Direction::kRead, node_, {node_.agency, node_.groups, role, false}};
}

std::optional<policy::Role> ReaderRole(security::Role role) {
  switch (role) {
    case security::Role::kOfficer:
      return policy::Role::kOfficer;
    case security::Role::kAnalyst:
      return policy::Role::kAnalyst;
    case security::Role::kAdmin:
      return policy::Role::kAdmin;
    case security::Role::kNode:
    case security::Role::kSigning:
      return std::nullopt;
  }
  return std::nullopt;
}

policy::Decision Decide(const policy::CompiledPolicy* policy,
                        const policy::RecordAttributes& attributes,
                        const policy::Request& request) {
  if (policy != nullptr) return policy->Decide(attributes, request);
  policy::Decision decision;
  decision.ceiling = policy::CheckCeiling(attributes, request);
  decision.basis = policy::Basis::kCeiling;
  decision.effect = decision.ceiling == policy::CeilingVerdict::kPass ? policy::Effect::kAllow
                                                                      : policy::Effect::kDeny;
  return decision;
}

policy::Decision Decide(const PolicySource& source, const policy::RecordAttributes& attributes,
                        const policy::Request& request) {
  std::shared_ptr<const policy::CompiledPolicy> policy = source ? source() : nullptr;
  return Decide(policy.get(), attributes, request);
}

std::string DescribeDecision(const policy::Decision& decision,
                             const policy::RecordAttributes& attributes,
                             const policy::Request& request) {
  const std::string version = decision.policy_version.empty()
                                  ? std::string("no policy file")
                                  : absl::StrCat("policy ", decision.policy_version);
  if (decision.ceiling != policy::CeilingVerdict::kPass) {
    return absl::StrCat(std::string(policy::CeilingVerdictName(decision.ceiling)), ": ",
                        policy::DescribeCeiling(attributes, request, decision.ceiling));
  }
  std::vector<std::string> decided;
  for (const policy::RuleHit& hit : decision.rules) {
    if (hit.disposition == policy::Disposition::kDecided) {
      decided.push_back(absl::StrCat(hit.id, " (line ", hit.line, ")"));
    }
  }
  switch (decision.basis) {
    case policy::Basis::kDenyRule:
      return absl::StrCat("policy: denied by rule ", absl::StrJoin(decided, ", "), ", ", version);
    case policy::Basis::kNoRule:
      return absl::StrCat("policy: denied by default (no rule allows it), ", version);
    case policy::Basis::kAllowRule:
      return absl::StrCat("policy: allowed by rule ", absl::StrJoin(decided, ", "),
                          decision.form.IsFull() ? ", in full" : ", shaped", ", ", version);
    case policy::Basis::kCeiling:
      return absl::StrCat("ceiling: passes, ", version);
  }
  return version;
}

}  // namespace rilon::sharing
