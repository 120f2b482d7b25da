// Command-line parsing for `rilon`: a subcommand path ("report submit"), positional arguments,
// and flags, checked against a table of CommandSpecs (client/command_specs.h holds rilon's).
//
// Contract:
//   - Global flags may appear anywhere; a command's own flags only after its subcommand words.
//   - "--flag value" and "--flag=value" are equivalent; a repeated flag keeps its last value;
//     "--" ends flag parsing; "-" is a positional (stdin).
//   - Values are checked here: kInt is a positive decimal integer, kChoice one of `choices`
//     (case-insensitive, stored lower case). Durations and paths are checked by their users.
//   - Every refusal is a UsageError (exit 2) that names the token and says what to do, with a
//     "did you mean" suggestion for near-miss flag and command names.
//   - With --help anywhere, missing or extra positionals are not errors (help is shown instead).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace rilon::client {

enum class FlagType { kBool, kString, kInt, kChoice };

struct FlagSpec {
  std::string name;  // without the leading "--"
  FlagType type = FlagType::kBool;
  std::string value_name;            // shown in help, e.g. "FILE"; empty for kBool
  std::string help;                  // one line
  std::vector<std::string> choices;  // kChoice only, lower case
};

struct CommandSpec {
  std::vector<std::string> path;         // e.g. {"report", "submit"}
  std::vector<std::string> positionals;  // required, in order, e.g. {"FILE"}
  std::string extra_positionals;         // non-empty: any number more allowed, e.g. "[COMMAND...]"
  std::vector<FlagSpec> flags;
  std::string summary;  // one line for command lists
  std::string details;  // paragraphs and examples for "--help"
};

struct ParsedArgs {
  // The resolved command; null when only a group ("rilon report") or nothing was given.
  const CommandSpec* command = nullptr;
  // The subcommand words given, resolved or not (e.g. {"report"}).
  std::vector<std::string> words;
  std::vector<std::string> positionals;
  // Flag values by name (global and command flags); bool flags map to "true".
  std::map<std::string, std::string, std::less<>> flags;

  bool Has(std::string_view flag) const { return flags.find(flag) != flags.end(); }
  std::optional<std::string> Get(std::string_view flag) const;
  // Only for kInt flags (already validated by ParseArgs).
  std::optional<int64_t> GetInt(std::string_view flag) const;
};

// Parses argv without the program name.
absl::StatusOr<ParsedArgs> ParseArgs(const std::vector<std::string>& args,
                                     const std::vector<FlagSpec>& global_flags,
                                     const std::vector<CommandSpec>& commands);

// "rilon report submit FILE [--flag VALUE]..." for messages and help.
std::string Synopsis(const CommandSpec& command);

// Full help of one command: synopsis, summary, details, its flags, then the global flags.
std::string FormatCommandHelp(const CommandSpec& command,
                              const std::vector<FlagSpec>& global_flags);

// The commands under `words` (all when empty) with their summaries, and the global flags.
std::string FormatCommandList(const std::vector<std::string>& words,
                              const std::vector<CommandSpec>& commands,
                              const std::vector<FlagSpec>& global_flags);

// The distinct words that may follow `words` in some command path ({"submit", "get", "list"}
// after {"report"}), in table order.
std::vector<std::string> NextCommandWords(const std::vector<std::string>& words,
                                          const std::vector<CommandSpec>& commands);

// The closest of `candidates` to `word` (edit distance at most 2, and less than its length),
// or empty. For "did you mean" hints.
std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace rilon::client
