#include "client/policy_printer.h"

#include <google/protobuf/struct.pb.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "client/printer.h"
#include "policy/compiled_policy.h"

namespace rilon::client {
namespace {

std::string Plural(size_t n, const char* one, const char* many) {
  return absl::StrCat(n, " ", n == 1 ? one : many);
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

}  // namespace rilon::client
