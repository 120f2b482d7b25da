// Structured logs: one line per event on stderr, logfmt ("ts=... level=info msg=\"...\" k=v"),
// which journald keeps as is and tools like `jq -R`/`lnav` parse. systemd adds nothing but the
// line; we add the timestamp so lines read the same outside systemd.
//
// Contract: thread-safe; one write(2) per line so lines from threads never interleave; values
// are quoted and escaped when they contain spaces, quotes, '=' or control characters. Callers
// never pass secrets (keys, certificates) or report content as values.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace rilon::log {

enum class Level { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3 };

// Lines below `level` are dropped. Default kInfo.
void SetLevel(Level level);
// "debug", "info", "warning", "error"; false for anything else.
bool ParseLevel(std::string_view name, Level* level);

using Field = std::pair<std::string_view, std::string>;

void Write(Level level, std::string_view message, std::initializer_list<Field> fields = {});

inline void Info(std::string_view m, std::initializer_list<Field> f = {}) {
  Write(Level::kInfo, m, f);
}
inline void Warning(std::string_view m, std::initializer_list<Field> f = {}) {
  Write(Level::kWarning, m, f);
}
inline void Error(std::string_view m, std::initializer_list<Field> f = {}) {
  Write(Level::kError, m, f);
}

// The line Write() would emit, without the timestamp; for tests.
std::string FormatForTesting(Level level, std::string_view message,
                             std::initializer_list<Field> fields);

}  // namespace rilon::log
