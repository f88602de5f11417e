#pragma once
// A git object id (SHA-1) as a value: hashable, comparable, printable. No libgit2 here, so the
// pure parts of the versionset library and their tests never see git.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vsctl::versionset {

struct Oid {
  std::array<std::uint8_t, 20> bytes{};

  bool is_zero() const;
  std::string hex() const;
  // The first 7 hex digits, as diagnostics show them ("1a2b3c4:architecture.yaml").
  std::string short_hex() const { return hex().substr(0, 7); }
  // 40 hex digits, either case; nullopt otherwise.
  static std::optional<Oid> from_hex(std::string_view hex);

  friend bool operator==(const Oid&, const Oid&) = default;
  friend auto operator<=>(const Oid&, const Oid&) = default;
};

struct OidHash {
  std::size_t operator()(const Oid& o) const noexcept {
    std::size_t h = 0;
    for (std::size_t i = 0; i < sizeof(std::size_t); ++i) h = (h << 8) | o.bytes[i];
    return h;
  }
};

}  // namespace vsctl::versionset
