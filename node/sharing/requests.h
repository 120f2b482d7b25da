// The one place where the node turns what it holds into the policy library's plain values: a
// record's attributes (policy::RecordAttributes) and the request of each enforcement point
// (policy::Request for egress to a peer, ingress from a sender, read by a local reader), and the
// one decision function every enforcement point calls.
//
// Contract:
//   - Attributes: kind, marking, origin and audience from the signed body; theme, mode, countries
//     (Geography.countries), route (the first of Geography.routes: the policy names one route per
//     record) and indicators (the codes of the measures, sorted, unique) from the trend report as
//     this node holds it (parts withheld by an earlier node are not there to match).
//     INVALID_ARGUMENT when the trend report cannot be read: the caller withholds the record
//     rather than decide on attributes it could not read. A retraction carries no report: only
//     the envelope attributes are set.
//   - Requests: this node's agency and its groups from the directory; the party's groups from the
//     directory too (egress: the peer; ingress: the sender; read: this node's, since readers are
//     of this agency). Readers map from their certificate's role; nodes and signing identities
//     are not readers (nullopt).
//   - Decide(source, ...): the policy source's decision; when the source yields nullptr (no
//     policy file) the ceiling-only decision: allow in full iff policy::CheckCeiling passes,
//     basis kCeiling, no rules, empty policy_version. The same Decision shape either way, so
//     callers and audit have one code path. Thread-safe; no I/O.
//
// Example:
//   Requests requests("au.abf", Directory(config.directory()));
//   absl::StatusOr<policy::RecordAttributes> attrs = AttributesOf(record, body);
//   policy::Decision d = Decide(source, *attrs, requests.Egress("id.polri", /*relay=*/false));
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "node/security/identity.h"
#include "policy/compiled_policy.h"
#include "policy/decision.h"
#include "policy/request.h"
#include "rilon/config/v1/node_config.pb.h"
#include "rilon/v1/record.pb.h"
#include "rilon/v1/trend_report.pb.h"

namespace rilon::sharing {

// Response-group membership (configuration key `directory`).
class Directory {
 public:
  Directory() = default;
  explicit Directory(const rilon::config::v1::Directory& config);
  // The groups `agency` belongs to, sorted; empty for an agency in none.
  const std::vector<std::string>& GroupsOf(std::string_view agency) const;

 private:
  std::map<std::string, std::vector<std::string>, std::less<>> groups_of_;
};

// The attributes of a record; `body` is records::DecodeBody(record).
absl::StatusOr<policy::RecordAttributes> AttributesOf(const rilon::v1::SignedRecord& record,
                                                      const rilon::v1::RecordBody& body);
// The same when the caller already holds the report (nullptr for a retraction).
policy::RecordAttributes AttributesOf(const rilon::v1::RecordBody& body,
                                      const rilon::v1::TrendReport* report);

class Requests {
 public:
  Requests(std::string own_agency, Directory directory);

  // This node sends a record to `peer`; `relay` when the peer is asked to forward it onward.
  policy::Request Egress(std::string_view peer, bool relay) const;
  // `sender` delivered a record to this node.
  policy::Request Ingress(std::string_view sender) const;
  // A reader of this node's agency, in `role` (kOfficer, kAnalyst, kAdmin).
  policy::Request Read(policy::Role role) const;

  const std::string& own_agency() const { return node_.agency; }
  const Directory& directory() const { return directory_; }

 private:
  const Directory directory_;
  const policy::LocalNode node_;
};

// The policy role of a reader's certificate role; nullopt for node and signing identities.
std::optional<policy::Role> ReaderRole(security::Role role);

// Where enforcement points get the policy in force (e.g. LivePolicy::Current); nullptr means the
// node has no policy file.
using PolicySource = std::function<std::shared_ptr<const policy::CompiledPolicy>()>;

policy::Decision Decide(const PolicySource& source, const policy::RecordAttributes& attributes,
                        const policy::Request& request);
// The same with a policy already read from the source (nullptr: ceiling only).
policy::Decision Decide(const policy::CompiledPolicy* policy,
                        const policy::RecordAttributes& attributes, const policy::Request& request);

// "deny by deny rule no-amber-to-c (policy 2026.1)", "deny: ceiling outside_audience: ...": one
// line for logs, refusal reasons and delivery reports.
std::string DescribeDecision(const policy::Decision& decision,
                             const policy::RecordAttributes& attributes,
                             const policy::Request& request);

}  // namespace rilon::sharing
