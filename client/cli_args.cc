#include "client/cli_args.h"

#include <algorithm>
#include <charconv>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/exit_codes.h"

namespace rilon::client {
namespace {

std::string CommandName(const std::vector<std::string>& words) {
  return words.empty() ? "rilon" : absl::StrCat("rilon ", absl::StrJoin(words, " "));
}

std::string HelpHint(const std::vector<std::string>& words) {
  return absl::StrCat("see '", CommandName(words), " --help'");
}

bool StartsWith(const std::vector<std::string>& path, const std::vector<std::string>& prefix) {
  return prefix.size() <= path.size() && std::equal(prefix.begin(), prefix.end(), path.begin());
}

const FlagSpec* FindFlag(std::string_view name, const std::vector<FlagSpec>& flags) {
  for (const FlagSpec& flag : flags) {
    if (flag.name == name) return &flag;
  }
  return nullptr;
}

std::vector<std::string> FlagNames(const std::vector<FlagSpec>& global,
                                   const CommandSpec* command) {
  std::vector<std::string> names;
  for (const FlagSpec& f : global) names.push_back(f.name);
  if (command != nullptr) {
    for (const FlagSpec& f : command->flags) names.push_back(f.name);
  }
  return names;
}

// Checks and normalizes a flag value according to its type.
absl::StatusOr<std::string> CheckValue(const FlagSpec& flag, std::string value,
                                       const std::vector<std::string>& words) {
  switch (flag.type) {
    case FlagType::kInt: {
      int64_t n = 0;
      const char* end = value.data() + value.size();
      auto [ptr, ec] = std::from_chars(value.data(), end, n);
      if (value.empty() || ec != std::errc() || ptr != end || n <= 0) {
        return UsageError(absl::StrCat("--", flag.name, " needs a positive whole number, not '",
                                       value, "': ", HelpHint(words)));
      }
      return value;
    }
    case FlagType::kChoice: {
      std::string lower = absl::AsciiStrToLower(value);
      if (std::find(flag.choices.begin(), flag.choices.end(), lower) == flag.choices.end()) {
        return UsageError(absl::StrCat("--", flag.name, " must be one of ",
                                       absl::StrJoin(flag.choices, ", "), ", not '", value, "'"));
      }
      return lower;
    }
    case FlagType::kString:
      if (value.empty()) {
        return UsageError(absl::StrCat("--", flag.name, " needs a non-empty ", flag.value_name,
                                       ": ", HelpHint(words)));
      }
      return value;
    case FlagType::kBool:
      return value;
  }
  return value;
}

class Parser {
 public:
  Parser(const std::vector<FlagSpec>& global, const std::vector<CommandSpec>& commands)
      : global_(global), commands_(commands) {}

  absl::StatusOr<ParsedArgs> Parse(const std::vector<std::string>& args) {
    bool flags_ended = false;
    for (size_t i = 0; i < args.size(); ++i) {
      const std::string& token = args[i];
      if (!flags_ended && token == "--") {
        flags_ended = true;
      } else if (!flags_ended && token.size() > 1 && token[0] == '-') {
        absl::Status status = ParseFlag(args, i);
        if (!status.ok()) return status;
      } else {
        absl::Status status = ParseWord(token);
        if (!status.ok()) return status;
      }
    }
    return Finish();
  }

 private:
  // Handles args[i] (a flag), consuming args[i + 1] when it is the flag's value.
  absl::Status ParseFlag(const std::vector<std::string>& args, size_t& i) {
    const std::string& token = args[i];
    if (token == "-h") return Store(*FindFlag("help", global_), "true");
    if (token.rfind("--", 0) != 0) {
      return UsageError(absl::StrCat("unknown flag '", token,
                                     "' (flags start with '--'): ", HelpHint(out_.words)));
    }
    std::string_view body = std::string_view(token).substr(2);
    size_t eq = body.find('=');
    std::string name(body.substr(0, eq));
    const FlagSpec* flag = FindFlag(name, global_);
    if (flag == nullptr && out_.command != nullptr) flag = FindFlag(name, out_.command->flags);
    if (flag == nullptr) return UnknownFlag(name);
    if (flag->type == FlagType::kBool) {
      if (eq != std::string_view::npos) {
        return UsageError(absl::StrCat("--", name, " takes no value: write just --", name));
      }
      return Store(*flag, "true");
    }
    std::string value;
    if (eq != std::string_view::npos) {
      value = std::string(body.substr(eq + 1));
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return UsageError(absl::StrCat("--", name, " needs a value (", flag->value_name,
                                     "): ", HelpHint(out_.words)));
    }
    absl::StatusOr<std::string> checked = CheckValue(*flag, std::move(value), out_.words);
    if (!checked.ok()) return checked.status();
    return Store(*flag, *std::move(checked));
  }

  absl::Status UnknownFlag(const std::string& name) {
    std::string message = absl::StrCat("unknown flag --", name);
    if (out_.command != nullptr) absl::StrAppend(&message, " for '", CommandName(out_.words), "'");
    std::string near = ClosestMatch(name, FlagNames(global_, out_.command));
    if (!near.empty()) absl::StrAppend(&message, ": did you mean --", near, "?");
    if (out_.command == nullptr && FlagOfSomeCommand(name)) {
      absl::StrAppend(&message, ": put a command's flags after the command");
    }
    absl::StrAppend(&message, ": ", HelpHint(out_.words));
    return UsageError(std::move(message));
  }

  bool FlagOfSomeCommand(std::string_view name) const {
    return std::any_of(commands_.begin(), commands_.end(),
                       [&](const CommandSpec& c) { return FindFlag(name, c.flags) != nullptr; });
  }

  absl::Status Store(const FlagSpec& flag, std::string value) {
    out_.flags[flag.name] = std::move(value);
    return absl::OkStatus();
  }

  // A non-flag word: the next subcommand word until a command is resolved, then a positional.
  absl::Status ParseWord(const std::string& word) {
    if (out_.command != nullptr) {
      out_.positionals.push_back(word);
      return absl::OkStatus();
    }
    std::vector<std::string> path = out_.words;
    path.push_back(word);
    const CommandSpec* exact = nullptr;
    bool prefix = false;
    for (const CommandSpec& c : commands_) {
      if (c.path == path) exact = &c;
      if (StartsWith(c.path, path)) prefix = true;
    }
    if (!prefix) return UnknownCommand(word);
    out_.words = std::move(path);
    out_.command = exact;
    return absl::OkStatus();
  }

  absl::Status UnknownCommand(const std::string& word) const {
    std::vector<std::string> next = NextCommandWords(out_.words, commands_);
    std::string message = out_.words.empty() ? absl::StrCat("unknown command '", word, "'")
                                             : absl::StrCat("unknown subcommand '", word, "' of '",
                                                            CommandName(out_.words), "' (expected ",
                                                            absl::StrJoin(next, ", "), ")");
    std::string near = ClosestMatch(word, next);
    if (!near.empty()) absl::StrAppend(&message, ": did you mean '", near, "'?");
    absl::StrAppend(&message, ": ",
                    out_.words.empty() ? "run 'rilon help' for the list" : HelpHint(out_.words));
    return UsageError(std::move(message));
  }

  absl::StatusOr<ParsedArgs> Finish() {
    if (out_.Has("help") || out_.command == nullptr) return std::move(out_);
    const CommandSpec& c = *out_.command;
    if (out_.positionals.size() < c.positionals.size()) {
      return UsageError(absl::StrCat("missing ", c.positionals[out_.positionals.size()],
                                     ": usage: ", Synopsis(c), " (", HelpHint(out_.words), ")"));
    }
    if (c.extra_positionals.empty() && out_.positionals.size() > c.positionals.size()) {
      return UsageError(absl::StrCat("unexpected argument '",
                                     out_.positionals[c.positionals.size()],
                                     "': usage: ", Synopsis(c), " (", HelpHint(out_.words), ")"));
    }
    return std::move(out_);
  }

  const std::vector<FlagSpec>& global_;
  const std::vector<CommandSpec>& commands_;
  ParsedArgs out_;
};

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string FlagUsage(const FlagSpec& flag) {
  return flag.type == FlagType::kBool ? absl::StrCat("--", flag.name)
                                      : absl::StrCat("--", flag.name, " ", flag.value_name);
}

void AppendFlagTable(const std::vector<FlagSpec>& flags, std::string* out) {
  size_t width = 0;
  for (const FlagSpec& f : flags) width = std::max(width, FlagUsage(f).size());
  for (const FlagSpec& f : flags) {
    std::string usage = FlagUsage(f);
    absl::StrAppend(out, "  ", usage, std::string(width - usage.size() + 2, ' '), f.help, "\n");
  }
}

}  // namespace

std::optional<std::string> ParsedArgs::Get(std::string_view flag) const {
  auto it = flags.find(flag);
  if (it == flags.end()) return std::nullopt;
  return it->second;
}

std::optional<int64_t> ParsedArgs::GetInt(std::string_view flag) const {
  std::optional<std::string> value = Get(flag);
  if (!value.has_value()) return std::nullopt;
  int64_t n = 0;
  std::from_chars(value->data(), value->data() + value->size(), n);
  return n;
}

absl::StatusOr<ParsedArgs> ParseArgs(const std::vector<std::string>& args,
                                     const std::vector<FlagSpec>& global_flags,
                                     const std::vector<CommandSpec>& commands) {
  return Parser(global_flags, commands).Parse(args);
}

std::string Synopsis(const CommandSpec& command) {
  std::string out = CommandName(command.path);
  for (const std::string& p : command.positionals) absl::StrAppend(&out, " ", p);
  if (!command.extra_positionals.empty()) absl::StrAppend(&out, " ", command.extra_positionals);
  for (const FlagSpec& f : command.flags) absl::StrAppend(&out, " [", FlagUsage(f), "]");
  return out;
}

std::string FormatCommandHelp(const CommandSpec& command,
                              const std::vector<FlagSpec>& global_flags) {
  std::string out = absl::StrCat("Usage: ", Synopsis(command), "\n\n", command.summary, "\n");
  if (!command.details.empty()) absl::StrAppend(&out, "\n", command.details);
  if (!out.empty() && out.back() != '\n') out.push_back('\n');
  if (!command.flags.empty()) {
    absl::StrAppend(&out, "\nFlags:\n");
    AppendFlagTable(command.flags, &out);
  }
  absl::StrAppend(&out, "\nGlobal flags (anywhere on the line):\n");
  AppendFlagTable(global_flags, &out);
  return out;
}

std::string FormatCommandList(const std::vector<std::string>& words,
                              const std::vector<CommandSpec>& commands,
                              const std::vector<FlagSpec>& global_flags) {
  std::string out =
      absl::StrCat("Usage: ", CommandName(words), " COMMAND [ARGS] [FLAGS]\n\n", "Commands:\n");
  size_t width = 0;
  for (const CommandSpec& c : commands) {
    if (StartsWith(c.path, words)) width = std::max(width, absl::StrJoin(c.path, " ").size());
  }
  for (const CommandSpec& c : commands) {
    if (!StartsWith(c.path, words)) continue;
    std::string name = absl::StrJoin(c.path, " ");
    absl::StrAppend(&out, "  ", name, std::string(width - name.size() + 2, ' '), c.summary, "\n");
  }
  absl::StrAppend(&out, "\nGlobal flags (anywhere on the line):\n");
  AppendFlagTable(global_flags, &out);
  absl::StrAppend(&out, "\nRun '", CommandName(words),
                  words.empty() ? " help COMMAND" : " SUBCOMMAND --help",
                  "' for details and examples.\n");
  return out;
}

std::vector<std::string> NextCommandWords(const std::vector<std::string>& words,
                                          const std::vector<CommandSpec>& commands) {
  std::vector<std::string> next;
  for (const CommandSpec& c : commands) {
    if (c.path.size() > words.size() && StartsWith(c.path, words) &&
        std::find(next.begin(), next.end(), c.path[words.size()]) == next.end()) {
      next.push_back(c.path[words.size()]);
    }
  }
  return next;
}

std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_distance = 3;
  for (const std::string& c : candidates) {
    size_t d = EditDistance(word, c);
    if (d < best_distance && d < word.size()) {
      best = c;
      best_distance = d;
    }
  }
  return best;
}

}  // namespace rilon::client
