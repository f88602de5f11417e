#include "versionset/oid.h"

namespace vsctl::versionset {

bool Oid::is_zero() const {
  for (auto b : bytes)
    if (b) return false;
  return true;
}

std::string Oid::hex() const {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out(40, '0');
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    out[2 * i] = digits[bytes[i] >> 4];
    out[2 * i + 1] = digits[bytes[i] & 0xf];
  }
  return out;
}

std::optional<Oid> Oid::from_hex(std::string_view hex) {
  if (hex.size() != 40) return std::nullopt;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  Oid o;
  for (std::size_t i = 0; i < o.bytes.size(); ++i) {
    int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    o.bytes[i] = static_cast<std::uint8_t>(hi * 16 + lo);
  }
  return o;
}

}  // namespace vsctl::versionset
