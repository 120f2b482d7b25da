#include "node/config/internal/validate.h"

#include <algorithm>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "node/config/internal/config_schema.h"
#include "node/config/internal/names.h"
#include "node/config/internal/string_view_compat.h"
#include "node/security/identity.h"
#include "policy/types.h"

namespace rilon::config::internal {
namespace {

using google::protobuf::Message;

class Problems {
 public:
  Problems(const rilon::config::v1::NodeConfig& config, const KeyLocations& locations)
      : config_(config), locations_(locations) {}

  void Add(std::string_view key, std::string_view what) {
    lines_.push_back(
        absl::StrCat(locations_.Where(config_, key), ": ", ToAbsl(key), ": ", ToAbsl(what)));
  }
  // A problem of element `index` of a repeated key: "<where>: <list_key>[<index>].<field>: ...".
  void AddInList(std::string_view list_key, int index, std::string_view field,
                 std::string_view what) {
    lines_.push_back(absl::StrCat(locations_.WhereInList(config_, list_key, index, field), ": ",
                                  ToAbsl(list_key), "[", index, "]", field.empty() ? "" : ".",
                                  ToAbsl(field), ": ", ToAbsl(what)));
  }
  // A broken schema table is our bug, not the operator's, but it must still stop the node.
  void AddInternal(const absl::Status& status) { lines_.push_back(std::string(status.message())); }

  std::vector<std::string> Take() { return std::move(lines_); }

 private:
  const rilon::config::v1::NodeConfig& config_;
  const KeyLocations& locations_;
  std::vector<std::string> lines_;
};

void CheckStringKeys(const rilon::config::v1::NodeConfig& config, Problems& problems) {
  for (const StringKey& key : StringKeys()) {
    if (!key.required) continue;
    absl::StatusOr<FieldRef<const Message>> ref = FindField(config, key.key);
    if (!ref.ok()) {
      problems.AddInternal(ref.status());
      continue;
    }
    if (ref->message->GetReflection()->GetString(*ref->message, ref->field).empty()) {
      problems.Add(key.key, absl::StrCat("required key is missing: set it to ", ToAbsl(key.hint)));
    }
  }
}

void CheckNumericKeys(const rilon::config::v1::NodeConfig& config, Problems& problems) {
  for (const NumericKey& key : NumericKeys()) {
    absl::StatusOr<FieldRef<const Message>> ref = FindField(config, key.key);
    absl::StatusOr<uint64_t> value = ref.ok() ? GetUnsigned(*ref) : ref.status();
    if (!value.ok()) {
      problems.AddInternal(value.status());
    } else if (*value < key.min) {
      problems.Add(key.key,
                   absl::StrCat(*value, " is below the minimum ", key.min, ": use a value in ",
                                key.min, "..", key.max, " (default ", key.default_value, ")"));
    } else if (*value > key.max) {
      problems.Add(key.key,
                   absl::StrCat(*value, " is above the maximum ", key.max, ": use a value in ",
                                key.min, "..", key.max, " (default ", key.default_value, ")"));
    }
  }
}

// Each peer names another agency exactly once, with an address a channel can dial and the SPIFFE
// id of a node (never an officer's or the signing identity) in this federation.
void CheckPeers(const rilon::config::v1::NodeConfig& config, Problems& problems) {
  constexpr std::string_view kPeers = "federation.peers";
  std::set<std::string> seen;
  const auto& peers = config.federation().peers();
  for (int i = 0; i < peers.size(); ++i) {
    const rilon::config::v1::Peer& peer = peers[i];
    if (peer.agency_id().empty()) {
      problems.AddInList(kPeers, i, "agency_id",
                         "required key is missing: set it to the peer's agency id, e.g. "
                         "\"id.polri\"");
    } else if (!rilon::security::IsValidAgencyId(peer.agency_id())) {
      problems.AddInList(kPeers, i, "agency_id",
                         absl::StrCat("\"", peer.agency_id(),
                                      "\" is not an agency id: use \"<iso-3166 alpha-2>.<short "
                                      "name>\" in lower case, e.g. \"id.polri\""));
    } else if (peer.agency_id() == config.agency_id()) {
      problems.AddInList(kPeers, i, "agency_id",
                         absl::StrCat("\"", peer.agency_id(),
                                      "\" is this node's own agency: a node is not its own peer; "
                                      "remove this entry"));
    } else if (!seen.insert(peer.agency_id()).second) {
      problems.AddInList(kPeers, i, "agency_id",
                         absl::StrCat("\"", peer.agency_id(),
                                      "\" is listed twice: keep one entry per peer agency"));
    }
    if (peer.address().empty()) {
      problems.AddInList(kPeers, i, "address",
                         "required key is missing: set it to the peer's host:port, e.g. "
                         "\"rilon.polri.go.id:7443\"");
    } else if (absl::StatusOr<ListenAddress> address = ParseListenAddress(peer.address());
               !address.ok()) {
      problems.AddInList(kPeers, i, "address", ToStd(address.status().message()));
    } else if (address->port == 0) {
      problems.AddInList(
          kPeers, i, "address",
          absl::StrCat("\"", peer.address(), "\" has port 0: give the port the peer listens on"));
    }
    if (!peer.node_id().empty()) {
      absl::StatusOr<rilon::security::Principal> id =
          rilon::security::ParseSpiffeId(peer.node_id());
      if (!id.ok() || id->role != rilon::security::Role::kNode ||
          id->trust_domain != config.trust_domain() || id->agency_id != peer.agency_id()) {
        problems.AddInList(
            kPeers, i, "node_id",
            absl::StrCat("\"", peer.node_id(), "\" is not the node identity of agency \"",
                         peer.agency_id(), "\" in trust domain \"", config.trust_domain(),
                         "\": use spiffe://", config.trust_domain(), "/agency/", peer.agency_id(),
                         "/node, or leave node_id out"));
      }
    }
  }
}

// A list of file names may not hold an empty one (it would resolve to the config's directory).
void RefuseEmptyFileNames(std::string_view list_key,
                          const google::protobuf::RepeatedPtrField<std::string>& files,
                          std::string_view what, Problems& problems) {
  for (int i = 0; i < files.size(); ++i) {
    if (files[i].empty()) {
      problems.AddInList(list_key, i, "", absl::StrCat("is empty: name ", ToAbsl(what)));
    }
  }
}

// Each response group has a well-formed id, used once and never the reserved "federation" (which
// stands for every member and so cannot be a list), and well-formed member agencies, each once.
void CheckDirectory(const rilon::config::v1::NodeConfig& config, Problems& problems) {
  constexpr std::string_view kGroups = "directory.group";
  std::set<std::string> seen;
  const auto& groups = config.directory().group();
  for (int i = 0; i < groups.size(); ++i) {
    const rilon::config::v1::ResponseGroup& group = groups[i];
    if (group.id().empty()) {
      problems.AddInList(kGroups, i, "id",
                         "required key is missing: set it to the group's id, e.g. \"mpsrg\"");
    } else if (group.id() == rilon::policy::kFederationGroup) {
      problems.AddInList(kGroups, i, "id",
                         "\"federation\" is reserved: it stands for every member agency and "
                         "needs no entry; remove this group or give it another id");
    } else if (!rilon::policy::IsWellFormedGroupId(group.id())) {
      problems.AddInList(kGroups, i, "id",
                         absl::StrCat("\"", group.id(),
                                      "\" is not a group id: use 1..64 of lower-case letters, "
                                      "digits, '.' and '-', e.g. \"mpsrg\""));
    } else if (!seen.insert(group.id()).second) {
      problems.AddInList(kGroups, i, "id",
                         absl::StrCat("\"", group.id(),
                                      "\" is listed twice: keep one entry per group and list "
                                      "all its agencies there"));
    }
    std::set<std::string> members;
    for (const std::string& agency : group.agencies()) {
      if (!rilon::security::IsValidAgencyId(agency)) {
        problems.AddInList(kGroups, i, "",
                           absl::StrCat("agencies: \"", agency,
                                        "\" is not an agency id: use \"<iso-3166 alpha-2>.<short "
                                        "name>\" in lower case, e.g. \"id.polri\""));
      } else if (!members.insert(agency).second) {
        problems.AddInList(
            kGroups, i, "",
            absl::StrCat("agencies: \"", agency, "\" is listed twice: list it once"));
      }
    }
  }
}

}  // namespace

std::vector<std::string> ValidateNodeConfig(const rilon::config::v1::NodeConfig& config,
                                            const KeyLocations& locations) {
  Problems problems(config, locations);
  CheckStringKeys(config, problems);

  if (!config.agency_id().empty() && !rilon::security::IsValidAgencyId(config.agency_id())) {
    problems.Add("agency_id",
                 absl::StrCat("\"", config.agency_id(),
                              "\" is not an agency id: use \"<iso-3166 alpha-2>.<short name>\" "
                              "in lower case, e.g. \"au.abf\""));
  }
  if (!config.trust_domain().empty() && !IsDnsName(config.trust_domain(), /*allow_upper=*/false)) {
    problems.Add("trust_domain",
                 absl::StrCat("\"", config.trust_domain(),
                              "\" is not a trust domain: use a lower-case DNS-like name of "
                              "1..253 characters, e.g. \"rilon.example\""));
  }
  if (!config.listen_address().empty()) {
    absl::StatusOr<ListenAddress> address = ParseListenAddress(config.listen_address());
    if (!address.ok()) problems.Add("listen_address", ToStd(address.status().message()));
  }
  std::span<const std::string_view> levels = LogLevels();
  if (std::find(levels.begin(), levels.end(), config.log_level()) == levels.end()) {
    problems.Add(
        "log_level",
        absl::StrCat("\"", config.log_level(), "\" is not a log level: use ",
                     absl::StrJoin(levels, ", ", [](std::string* out, std::string_view level) {
                       out->append(level);
                     })));
  }
  CheckNumericKeys(config, problems);
  CheckPeers(config, problems);
  CheckDirectory(config, problems);
  if (config.federation().retry_initial_ms() > config.federation().retry_max_ms()) {
    problems.Add(
        "federation.retry_initial_ms",
        absl::StrCat(config.federation().retry_initial_ms(), " is above federation.retry_max_ms (",
                     config.federation().retry_max_ms(),
                     "): the first delay cannot exceed the longest one"));
  }
  RefuseEmptyFileNames("reporting.screening_pattern_files",
                       config.reporting().screening_pattern_files(),
                       "a screening pattern file, e.g. "
                       "\"/usr/share/rilon/screening/nominal_patterns.textproto\"",
                       problems);
  RefuseEmptyFileNames("signing.previous_cert_files", config.signing().previous_cert_files(),
                       "a retired signing certificate, e.g. "
                       "\"/etc/rilon/pki/agencies/au.abf/signing/retired/signing-1003.crt\"",
                       problems);
  return problems.Take();
}

}  // namespace rilon::config::internal
