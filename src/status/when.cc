#include "status/when.h"

#include <cstdio>

namespace vsctl::status {

namespace {

bool digits(std::string_view s, std::size_t at, std::size_t n, int& out) {
  if (at + n > s.size()) return false;
  out = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

}  // namespace

std::optional<TimePoint> parse_time(std::string_view s) {
  using namespace std::chrono;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
  if (!digits(s, 0, 4, y) || s.size() < 20 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !digits(s, 11, 2, h) || s[13] != ':' ||
      !digits(s, 14, 2, mi) || s[16] != ':' || !digits(s, 17, 2, se))
    return std::nullopt;
  year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || se > 60) return std::nullopt;
  std::size_t i = 19;
  milliseconds frac{0};
  if (i < s.size() && s[i] == '.') {
    ++i;
    int scale = 100, ms = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      ms += (s[i] - '0') * scale;
      scale /= 10;
      ++i;
    }
    frac = milliseconds(ms);
  }
  std::string_view zone = s.substr(i);
  if (zone != "Z" && zone != "z" && zone != "+00:00") return std::nullopt;
  return sys_days(ymd) + hours(h) + minutes(mi) + seconds(se) + frac;
}

std::string format_span(std::chrono::milliseconds d) {
  long long s = d.count() < 0 ? 0 : d.count() / 1000;
  char b[32];
  if (s < 60) std::snprintf(b, sizeof b, "%llds", s);
  else if (s < 3600) std::snprintf(b, sizeof b, "%lldm%02llds", s / 60, s % 60);
  else if (s < 86400) std::snprintf(b, sizeof b, "%lldh%02lldm", s / 3600, s % 3600 / 60);
  else std::snprintf(b, sizeof b, "%lldd%02lldh", s / 86400, s % 86400 / 3600);
  return b;
}

std::string format_when(std::string_view rfc3339) {
  if (!parse_time(rfc3339)) return {};
  return std::string(rfc3339.substr(0, 10)) + " " + std::string(rfc3339.substr(11, 8));
}

std::string ago(std::string_view rfc3339, TimePoint now) {
  auto t = parse_time(rfc3339);
  if (!t) return {};
  auto d = std::chrono::duration_cast<std::chrono::milliseconds>(now - *t);
  if (d < std::chrono::seconds(1)) return "just now";
  std::string span = format_span(d);
  // the coarse unit is enough for "ago": 2m05s -> 2m
  std::size_t cut = span.find_first_of("mhd");
  if (cut != std::string::npos) span = span.substr(0, cut + 1);
  return span + " ago";
}

}  // namespace vsctl::status
