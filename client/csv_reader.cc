#include "client/csv_reader.h"

#include <algorithm>
#include <array>

#include "absl/strings/str_cat.h"
#include "client/string_views.h"

namespace rilon::client {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

absl::Status Invalid(std::string_view name, int line, std::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(ToAbsl(name), ":", line, ": ", ToAbsl(problem)));
}

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

std::string Trimmed(std::string_view s) {
  size_t begin = 0, end = s.size();
  while (begin < end && IsBlank(s[begin])) ++begin;
  while (end > begin && IsBlank(s[end - 1])) --end;
  return std::string(s.substr(begin, end - begin));
}

// Line of the first byte that is not valid UTF-8, or 0 when the text is valid.
int FirstInvalidUtf8Line(std::string_view text) {
  int line = 1;
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char lead = static_cast<unsigned char>(text[i]);
    size_t extra = 0;
    if (lead < 0x80) {
      if (lead == '\n' || (lead == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'))) ++line;
      ++i;
      continue;
    } else if (lead >= 0xc2 && lead <= 0xdf) {
      extra = 1;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      extra = 2;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      extra = 3;
    } else {
      return line;
    }
    if (extra > text.size() - i - 1) return line;
    for (size_t k = 1; k <= extra; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xc0) != 0x80) return line;
    }
    i += extra + 1;
  }
  return 0;
}

// The separator of the file: the most frequent of ',', ';' and tab outside quotes on the first
// non-blank line (',' on a tie).
char DetectSeparator(std::string_view text) {
  std::array<std::pair<char, int>, 3> counts = {{{',', 0}, {';', 0}, {'\t', 0}}};
  bool quoted = false, seen_content = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    if (!quoted && (c == '\n' || c == '\r')) {
      if (seen_content) break;
      continue;
    }
    if (!IsBlank(c)) seen_content = true;
    if (quoted) continue;
    for (auto& [separator, count] : counts) count += c == separator;
  }
  auto best = std::max_element(counts.begin(), counts.end(), [](const auto& a, const auto& b) {
    return a.second < b.second;  // max_element keeps the first of equals: ',' wins ties
  });
  return best->second > 0 ? best->first : ',';
}

// A streaming RFC 4180 reader over the whole text.
class Reader {
 public:
  Reader(std::string_view text, std::string_view name, char separator)
      : text_(text), name_(name), separator_(separator) {}

  // Reads the next row into `row`; false at the end of the text.
  absl::StatusOr<bool> Next(CsvRow& row) {
    if (pos_ >= text_.size()) return false;
    row.line = line_;
    row.fields.clear();
    for (;;) {
      absl::StatusOr<bool> more = Field(row);
      if (!more.ok()) return more.status();
      if (!*more) return true;
    }
  }

 private:
  // Reads one field into row.fields; true when another field of the same row follows.
  absl::StatusOr<bool> Field(CsvRow& row) {
    size_t start = pos_;
    while (pos_ < text_.size() && IsBlank(text_[pos_])) ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '"') return QuotedField(row);
    pos_ = start;
    while (pos_ < text_.size() && text_[pos_] != separator_ && !AtLineEnd()) ++pos_;
    row.fields.push_back(Trimmed(text_.substr(start, pos_ - start)));
    return EndOfField();
  }

  absl::StatusOr<bool> QuotedField(CsvRow& row) {
    const int opened_on = line_;
    ++pos_;  // opening quote
    std::string value;
    for (;;) {
      if (pos_ >= text_.size()) {
        return Invalid(name_, opened_on,
                       "a quoted field starts here but its closing quote (\") is missing; close "
                       "it, or double any quote inside it (\"\")");
      }
      const char c = text_[pos_];
      if (c == '"') {
        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
          value.push_back('"');
          pos_ += 2;
          continue;
        }
        ++pos_;
        break;
      }
      if (c == '\r' || c == '\n') {
        // A line break inside the field is kept as '\n', whatever the file's line ends.
        ConsumeLineEnd();
        value.push_back('\n');
        continue;
      }
      value.push_back(c);
      ++pos_;
    }
    while (pos_ < text_.size() && IsBlank(text_[pos_])) ++pos_;
    if (pos_ < text_.size() && text_[pos_] != separator_ && !AtLineEnd()) {
      return Invalid(name_, line_,
                     absl::StrCat("text after the closing quote of a quoted field (\"",
                                  ToAbsl(value.substr(0, 20)),
                                  "...\"); put the whole field in quotes and double the quotes "
                                  "inside it (\"\")"));
    }
    row.fields.push_back(std::move(value));
    return EndOfField();
  }

  // At a separator (consumed; true) or a line end / end of text (consumed; false).
  bool EndOfField() {
    if (pos_ < text_.size() && text_[pos_] == separator_) {
      ++pos_;
      return true;
    }
    ConsumeLineEnd();
    return false;
  }

  bool AtLineEnd() const { return text_[pos_] == '\n' || text_[pos_] == '\r'; }

  void ConsumeLineEnd() {
    if (pos_ >= text_.size()) return;
    if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
    ++pos_;
    ++line_;
  }

  const std::string_view text_;
  const std::string_view name_;
  const char separator_;
  size_t pos_ = 0;
  int line_ = 1;
};

bool IsBlankRow(const CsvRow& row) {
  return std::all_of(row.fields.begin(), row.fields.end(),
                     [](const std::string& f) { return Trimmed(f).empty(); });
}

}  // namespace

absl::StatusOr<CsvTable> ParseCsv(std::string_view text, std::string_view name) {
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
  if (int line = FirstInvalidUtf8Line(text); line != 0) {
    return Invalid(name, line,
                   "this line is not UTF-8 text; in your spreadsheet, save the file as "
                   "\"CSV UTF-8\" (Excel) or choose the character set \"Unicode (UTF-8)\" "
                   "(LibreOffice)");
  }
  if (size_t nul = text.find('\0'); nul != std::string_view::npos) {
    return Invalid(name, 1 + static_cast<int>(std::count(text.begin(), text.begin() + nul, '\n')),
                   "contains a NUL byte; this is not a text file: export CSV from your "
                   "spreadsheet");
  }
  CsvTable table;
  table.separator = DetectSeparator(text);
  Reader reader(text, name, table.separator);
  bool have_header = false;
  for (;;) {
    CsvRow row;
    absl::StatusOr<bool> read = reader.Next(row);
    if (!read.ok()) return read.status();
    if (!*read) break;
    if (IsBlankRow(row)) continue;
    if (!have_header) {
      table.header = std::move(row);
      have_header = true;
    } else {
      table.rows.push_back(std::move(row));
    }
  }
  if (!have_header) {
    return Invalid(name, 1,
                   "the file is empty; it needs a header row naming the columns (see "
                   "'rilon report template --csv')");
  }
  return table;
}

std::string FormatCsvLine(const std::vector<std::string>& fields, char separator) {
  std::string line;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) line.push_back(separator);
    const std::string& f = fields[i];
    const bool quote =
        f.find_first_of(std::string{separator, '"', '\n', '\r'}) != std::string::npos ||
        (!f.empty() && (IsBlank(f.front()) || IsBlank(f.back())));
    if (!quote) {
      line += f;
      continue;
    }
    line.push_back('"');
    for (char c : f) {
      if (c == '"') line.push_back('"');
      line.push_back(c);
    }
    line.push_back('"');
  }
  return line;
}

}  // namespace rilon::client
