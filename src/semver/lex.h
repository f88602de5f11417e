#pragma once
// Lexical pieces shared by the version and range parsers (internal).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vsctl::semver::detail {

enum class Lex {
  Ok,
  Missing,          // no digits / no identifier where one is required
  LeadingZero,      // "01"
  TooLarge,         // above the allowed maximum
  EmptyIdentifier,  // "1.2.3-a..b", "1.2.3-"
};

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_ident_char(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}

// Reads 0|[1-9][0-9]* at pos. On success advances pos past it; on failure leaves pos at the
// start of the offending number.
Lex read_number(std::string_view s, std::size_t& pos, std::uint64_t max, std::uint64_t& out);

// Reads identifier(.identifier)* at pos, identifiers being [0-9A-Za-z-]+. For pre-releases,
// all-digit identifiers must not have leading zeros. On failure pos is where the bad
// identifier starts.
Lex read_identifiers(std::string_view s, std::size_t& pos, bool prerelease,
                     std::vector<std::string>& out);

// Number of digits starting at pos (to quote a bad number).
std::size_t digit_run(std::string_view s, std::size_t pos);

}  // namespace vsctl::semver::detail
