#pragma once
#include <string>
#include <string_view>

#include "util/error.h"

namespace vsctl::util {

std::string sha256_hex(std::string_view data);
std::string base64_encode(std::string_view data);
Result<std::string> base64_decode(std::string_view data);
std::string gzip(std::string_view data);
Result<std::string> gunzip(std::string_view data, std::size_t max_size);

}  // namespace vsctl::util
