#pragma once
// Times as records write them (RFC 3339, UTC) and as people read them: "12:00:41 (3m ago)",
// "41s", "2m05s". Pure: the current time is an argument.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace vsctl::status {

using TimePoint = std::chrono::system_clock::time_point;

// "2024-05-01T12:00:41.456Z" or "2024-05-01T12:00:41Z" (also with an offset of "+00:00").
std::optional<TimePoint> parse_time(std::string_view rfc3339);

// "41s", "2m05s", "1h02m", "3d04h"; negative spans read "0s".
std::string format_span(std::chrono::milliseconds d);

// "2024-05-01 12:00:41" (UTC, seconds), "" when the text does not parse.
std::string format_when(std::string_view rfc3339);

// "3m ago", "just now", "" when the text does not parse.
std::string ago(std::string_view rfc3339, TimePoint now);

}  // namespace vsctl::status
