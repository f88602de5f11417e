#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "util/error.h"

namespace vsctl::util {

std::string sha256_hex(std::string_view data);
// CRC-32 (zlib's): a cheap check that a file we wrote is still what we wrote.
std::uint32_t crc32(std::string_view data);
std::string base64_encode(std::string_view data);
Result<std::string> base64_decode(std::string_view data);
std::string gzip(std::string_view data);
Result<std::string> gunzip(std::string_view data, std::size_t max_size);

}  // namespace vsctl::util
