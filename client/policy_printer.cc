#include "client/policy_printer.h"

#include <google/protobuf/struct.pb.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/printer.h"
#include "policy/compiled_policy.h"

namespace rilon::client {
namespace {

std::string Plural(size_t n, const char* one, const char* many) {
  return absl::StrCat(n, " ", n == 1 ? one : many);
}

std::string ShortId(const std::string& id) {
  return SanitizeForTerminal(id.size() > 12 ? id.substr(0, 12) : id);
}

std::string Names(const google::protobuf::RepeatedPtrField<std::string>& names) {
  if (names.empty()) return "-";
  return SanitizeForTerminal(absl::StrJoin(names, ", "));
}

std::string DirectionLabel(rilon::v1::PolicyDirection direction) {
  switch (direction) {
    case rilon::v1::POLICY_EGRESS:
      return "sent to";
    case rilon::v1::POLICY_INGRESS:
      return "received from";
    case rilon::v1::POLICY_READ:
      return "read by";
    default:
      return "decided for";
  }
}

}  // namespace

size_t PolicyCheckResult::ErrorCount() const {
  return std::count_if(diagnostics.begin(), diagnostics.end(),
                       [](const policy::Diagnostic& d) { return d.is_error(); });
}

size_t PolicyCheckResult::WarningCount() const { return diagnostics.size() - ErrorCount(); }

PolicyCheckResult CheckPolicySpec(const policy::PolicySpec& spec) {
  return {.file = spec.source,
          .version = spec.version,
          .rule_count = spec.rules.size(),
          .diagnostics = policy::CheckPolicy(spec)};
}

std::string FormatPolicyCheck(const PolicyCheckResult& result) {
  std::string out;
  for (const policy::Diagnostic& d : result.diagnostics) {
    absl::StrAppend(&out, SanitizeForTerminal(d.ToString(result.file)), "\n");
  }
  const std::string file = SanitizeForTerminal(result.file);
  if (result.valid()) {
    absl::StrAppend(&out, file, ": valid: policy ", SanitizeForTerminal(result.version), ", ",
                    Plural(result.rule_count, "rule", "rules"));
    if (result.WarningCount() > 0) {
      absl::StrAppend(&out, " (", Plural(result.WarningCount(), "warning", "warnings"), ")");
    }
    absl::StrAppend(&out, "\n");
  } else {
    absl::StrAppend(&out, file, ": NOT valid: ", Plural(result.ErrorCount(), "error", "errors"),
                    ", ", Plural(result.WarningCount(), "warning", "warnings"),
                    "; a node refuses this policy (and keeps the one in force)\n");
  }
  return out;
}

std::string PolicyCheckJson(const PolicyCheckResult& result) {
  google::protobuf::Struct json;
  auto& fields = *json.mutable_fields();
  fields["file"].set_string_value(result.file);
  fields["valid"].set_bool_value(result.valid());
  fields["version"].set_string_value(result.version);
  fields["rules"].set_number_value(static_cast<double>(result.rule_count));
  fields["errors"].set_number_value(static_cast<double>(result.ErrorCount()));
  fields["warnings"].set_number_value(static_cast<double>(result.WarningCount()));
  auto* list = fields["diagnostics"].mutable_list_value();
  for (const policy::Diagnostic& d : result.diagnostics) {
    auto& entry = *list->add_values()->mutable_struct_value()->mutable_fields();
    entry["severity"].set_string_value(d.is_error() ? "error" : "warning");
    entry["line"].set_number_value(d.line);
    entry["message"].set_string_value(d.message);
  }
  return ToJson(json);
}

std::string FormatPolicyExplanation(const rilon::v1::PolicyExplanation& explanation) {
  std::string out = absl::StrCat(
      "Record ", SanitizeForTerminal(explanation.record_id()), " (", KindLabel(explanation.kind()),
      " of ", SanitizeForTerminal(explanation.origin_agency()), ", ",
      MarkingLabel(explanation.marking()), ") ", DirectionLabel(explanation.direction()), " ",
      SanitizeForTerminal(explanation.party()), ":\n");
  if (explanation.ceiling_only()) {
    absl::StrAppend(&out,
                    "This node has no sharing policy file: only the originator's marking and "
                    "audience decide.\n");
  }
  absl::StrAppend(&out, SanitizeForTerminal(explanation.explanation(), /*keep_newlines=*/true));
  if (!out.empty() && out.back() != '\n') out += '\n';
  return out;
}

std::string FormatPolicyDiff(const rilon::v1::DiffPolicyResponse& diff) {
  std::string out =
      absl::StrCat("Policy ", SanitizeForTerminal(diff.old_version()), " -> ",
                   SanitizeForTerminal(diff.new_version()), ": ", diff.records_changed(), " of ",
                   Plural(diff.records_examined(), "stored record", "stored records"),
                   diff.records_changed() == 1 ? " changes" : " change",
                   " (receivers compared: ", Names(diff.receivers()), ")\n");
  if (diff.changes().empty()) return out;
  std::vector<std::vector<std::string>> rows;
  std::string forms;
  for (const rilon::v1::PolicyRecordChange& change : diff.changes()) {
    std::vector<std::string> changed_forms;
    for (const rilon::v1::PolicyFormChange& form : change.form_changes()) {
      changed_forms.push_back(SanitizeForTerminal(form.receiver()));
      absl::StrAppend(&forms, "  ", ShortId(change.record_id()), "  ",
                      SanitizeForTerminal(form.receiver()), ": ",
                      SanitizeForTerminal(form.old_form()), " -> ",
                      SanitizeForTerminal(form.new_form()), "\n");
    }
    rows.push_back({ShortId(change.record_id()), SanitizeForTerminal(change.origin_agency()),
                    absl::StrCat(change.origin_seq()), MarkingLabel(change.marking()),
                    Names(change.gained()), Names(change.lost()),
                    changed_forms.empty() ? "-" : absl::StrJoin(changed_forms, ", ")});
  }
  absl::StrAppend(&out, "\n",
                  FormatTable({{"RECORD"},
                               {"ORIGIN"},
                               {"SEQ", true},
                               {"MARKING"},
                               {"GAINED"},
                               {"LOST"},
                               {"FORM CHANGED"}},
                              rows));
  if (!forms.empty()) absl::StrAppend(&out, "\nForm changes:\n", forms);
  if (diff.truncated()) {
    absl::StrAppend(&out, "\n(", diff.records_changed() - diff.changes_size(),
                    " more changed records not listed: raise --limit to see them)\n");
  }
  return out;
}

}  // namespace rilon::client
