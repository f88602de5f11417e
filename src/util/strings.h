#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vsctl::util {

std::vector<std::string> split(std::string_view s, char sep);
std::string join(std::span<const std::string> parts, std::string_view sep);
std::string_view trim(std::string_view s);

// Levenshtein distance (bytes), capped: returns cap+1 once the distance exceeds cap.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t cap = 8);

// The closest candidate to `word` when it is close enough to be a plausible typo.
std::optional<std::string> closest(std::string_view word, std::span<const std::string> candidates);

// " (did you mean \"x\"?)" or "".
std::string did_you_mean(std::string_view word, std::span<const std::string> candidates);

// Quoted for messages: "name" with control bytes escaped, cut at 80 bytes.
std::string quote(std::string_view s);

}  // namespace vsctl::util
