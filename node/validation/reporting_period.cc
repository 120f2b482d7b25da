#include "node/validation/reporting_period.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"

namespace rilon::validation {
namespace {

using rilon::v1::ReportingPeriod;

constexpr absl::string_view kForms =
    "use a year (\"2026\"), a quarter (\"2026-Q3\"), a month (\"2026-07\") or an interval of "
    "days (\"2026-07-01/2026-08-15\")";

// Exactly `n` ASCII digits.
bool ParseDigits(absl::string_view s, size_t n, int* out) {
  if (s.size() != n) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return absl::SimpleAtoi(s, out);
}

bool YearInRange(int year) { return year >= kMinPeriodYear && year <= kMaxPeriodYear; }

absl::Status Invalid(std::string_view field, const std::string& what) {
  return absl::InvalidArgumentError(absl::StrCat(std::string(field), ": ", what));
}

absl::Status CheckYear(std::string_view field, int year) {
  if (YearInRange(year)) return absl::OkStatus();
  return Invalid(field, absl::StrCat(year, " is not a year RILON accepts; use ", kMinPeriodYear,
                                     " to ", kMaxPeriodYear));
}

}  // namespace

bool ParseIsoDate(std::string_view text, absl::CivilDay* day) {
  const absl::string_view s(text.data(), text.size());
  int year = 0, month = 0, dom = 0;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !ParseDigits(s.substr(0, 4), 4, &year) ||
      !ParseDigits(s.substr(5, 2), 2, &month) || !ParseDigits(s.substr(8, 2), 2, &dom)) {
    return false;
  }
  const absl::CivilDay parsed(year, month, dom);
  // CivilDay normalises out-of-range fields (2026-02-30 -> 2026-03-02); a real date round-trips.
  if (parsed.year() != year || parsed.month() != month || parsed.day() != dom) return false;
  *day = parsed;
  return true;
}

absl::StatusOr<ReportingPeriod> ParsePeriodText(std::string_view text_in) {
  const absl::string_view text(text_in.data(), text_in.size());
  ReportingPeriod period;
  int year = 0, n = 0;
  const auto bad = [&] {
    return absl::InvalidArgumentError(absl::StrCat("\"", text, "\" is not a period; ", kForms));
  };
  if (const size_t slash = text.find('/'); slash != absl::string_view::npos) {
    absl::CivilDay first, last;
    const absl::string_view start = text.substr(0, slash), end = text.substr(slash + 1);
    if (!ParseIsoDate(std::string_view(start.data(), start.size()), &first) ||
        !ParseIsoDate(std::string_view(end.data(), end.size()), &last)) {
      return bad();
    }
    period.mutable_interval()->set_start_date(std::string(start));
    period.mutable_interval()->set_end_date(std::string(end));
  } else if (ParseDigits(text, 4, &year)) {
    period.mutable_year()->set_year(year);
  } else if (text.size() == 7 && text[4] == '-' && text[5] == 'Q' &&
             ParseDigits(text.substr(0, 4), 4, &year) && ParseDigits(text.substr(6), 1, &n) &&
             n >= 1 && n <= 4) {
    period.mutable_quarter()->set_year(year);
    period.mutable_quarter()->set_quarter(n);
  } else if (text.size() == 7 && text[4] == '-' && ParseDigits(text.substr(0, 4), 4, &year) &&
             ParseDigits(text.substr(5), 2, &n) && n >= 1 && n <= 12) {
    period.mutable_month()->set_year(year);
    period.mutable_month()->set_month(n);
  } else {
    return bad();
  }
  if (!period.has_interval() && !YearInRange(year)) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", text, "\": the year must be ", kMinPeriodYear, " to ", kMaxPeriodYear));
  }
  return period;
}

std::string FormatPeriod(const ReportingPeriod& period) {
  switch (period.kind_case()) {
    case ReportingPeriod::kMonth:
      return absl::StrFormat("%04d-%02d", period.month().year(), period.month().month());
    case ReportingPeriod::kQuarter:
      return absl::StrFormat("%04d-Q%d", period.quarter().year(), period.quarter().quarter());
    case ReportingPeriod::kYear:
      return absl::StrFormat("%04d", period.year().year());
    case ReportingPeriod::kInterval:
      return absl::StrCat(period.interval().start_date(), "/", period.interval().end_date());
    case ReportingPeriod::KIND_NOT_SET:
      break;
  }
  return "";
}

absl::StatusOr<PeriodDays> ResolvePeriodDays(const ReportingPeriod& period,
                                             std::string_view field) {
  const std::string f(field);
  switch (period.kind_case()) {
    case ReportingPeriod::kMonth: {
      const auto& m = period.month();
      if (absl::Status s = CheckYear(f + ".month.year", m.year()); !s.ok()) return s;
      if (m.month() < 1 || m.month() > 12) {
        return Invalid(f + ".month.month", absl::StrCat(m.month(), " is not a month; use 1 to 12"));
      }
      const absl::CivilMonth month(m.year(), m.month());
      return PeriodDays{absl::CivilDay(month), absl::CivilDay(month + 1) - 1};
    }
    case ReportingPeriod::kQuarter: {
      const auto& q = period.quarter();
      if (absl::Status s = CheckYear(f + ".quarter.year", q.year()); !s.ok()) return s;
      if (q.quarter() < 1 || q.quarter() > 4) {
        return Invalid(f + ".quarter.quarter",
                       absl::StrCat(q.quarter(), " is not a quarter; use 1 to 4"));
      }
      const absl::CivilMonth first(q.year(), 3 * (q.quarter() - 1) + 1);
      return PeriodDays{absl::CivilDay(first), absl::CivilDay(first + 3) - 1};
    }
    case ReportingPeriod::kYear: {
      const int year = period.year().year();
      if (absl::Status s = CheckYear(f + ".year.year", year); !s.ok()) return s;
      return PeriodDays{absl::CivilDay(year, 1, 1), absl::CivilDay(year, 12, 31)};
    }
    case ReportingPeriod::kInterval: {
      const auto& iv = period.interval();
      PeriodDays days;
      if (!ParseIsoDate(iv.start_date(), &days.first) || !YearInRange(days.first.year())) {
        return Invalid(f + ".interval.start_date",
                       absl::StrCat("\"", iv.start_date(),
                                    "\" is not a date; use \"YYYY-MM-DD\", e.g. \"2026-07-01\""));
      }
      if (!ParseIsoDate(iv.end_date(), &days.last) || !YearInRange(days.last.year())) {
        return Invalid(f + ".interval.end_date",
                       absl::StrCat("\"", iv.end_date(),
                                    "\" is not a date; use \"YYYY-MM-DD\", e.g. \"2026-08-15\""));
      }
      if (days.last < days.first) {
        return Invalid(f + ".interval",
                       absl::StrCat("ends (", iv.end_date(), ") before it starts (",
                                    iv.start_date(), "); swap start_date and end_date"));
      }
      return days;
    }
    case ReportingPeriod::KIND_NOT_SET:
      break;
  }
  return Invalid(f,
                 "is required: set one of month {year, month}, quarter {year, quarter}, year "
                 "{year} or interval {start_date, end_date}, e.g. {\"quarter\": {\"year\": 2026, "
                 "\"quarter\": 3}}");
}

}  // namespace rilon::validation
