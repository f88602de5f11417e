#include "semver/range.h"

#include <algorithm>

#include "semver/parser.h"
#include "util/strings.h"

namespace vsctl::semver {
namespace {

constexpr std::size_t kMaxLiteralLength = 128;  // an OCI tag's limit

// [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}, like an image tag.
bool is_literal_word(std::string_view s) {
  auto word_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  };
  if (s.empty() || s.size() > kMaxLiteralLength || !word_char(s[0])) return false;
  return std::all_of(s.begin(), s.end(),
                     [&](char c) { return word_char(c) || c == '.' || c == '-'; });
}

std::size_t count_alternatives(std::string_view s) {
  std::size_t n = 1;
  for (std::size_t pos = s.find("||"); pos != std::string_view::npos; pos = s.find("||", pos + 2)) {
    ++n;
  }
  return n;
}

tl::unexpected<util::Error> invalid(std::string_view text, const std::string& why) {
  return util::fail(util::ErrorKind::Invalid,
                    "invalid version range " + util::quote(text) + ": " + why);
}

}  // namespace

Range::Range() : text_("*"), sets_{ComparatorSet{}} {}

util::Result<Range> Range::parse(std::string_view text) {
  if (text.size() > kMaxRangeLength) {
    return invalid(text, "it is " + std::to_string(text.size()) + " bytes long; the limit is " +
                             std::to_string(kMaxRangeLength));
  }
  std::string_view trimmed = util::trim(text);
  std::size_t alternatives = count_alternatives(trimmed);
  if (alternatives > kMaxRangeAlternatives) {
    return invalid(trimmed, "it has " + std::to_string(alternatives) +
                                " \"||\" alternatives; the limit is " +
                                std::to_string(kMaxRangeAlternatives));
  }
  Range r;
  r.text_ = std::string(trimmed);
  auto sets = detail::parse_sets(trimmed);
  if (sets) {
    r.sets_ = std::move(*sets);
  } else if (is_literal_word(trimmed)) {
    r.sets_.clear();
    r.literal_ = true;
  } else {
    return invalid(trimmed, sets.error().message);
  }
  return r;
}

bool Range::satisfied_by(const Version& v) const {
  return std::any_of(sets_.begin(), sets_.end(),
                     [&](const ComparatorSet& set) { return test(set, v); });
}

bool Range::admits(std::string_view version_string) const {
  if (literal_) return version_string == text_;
  if (auto v = parse_version(version_string)) return satisfied_by(*v);
  return is_any() || version_string == text_;
}

bool Range::is_any() const {
  return std::any_of(sets_.begin(), sets_.end(),
                     [](const ComparatorSet& set) { return set.empty(); });
}

bool Range::is_literal() const { return literal_; }

const std::string& Range::text() const { return text_; }

std::string Range::normalized() const {
  if (literal_) return text_;
  std::string out;
  for (const auto& set : sets_) {
    if (!out.empty()) out += " || ";
    out += to_string(set);
  }
  return out;
}

}  // namespace vsctl::semver
