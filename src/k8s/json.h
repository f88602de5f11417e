#pragma once
// Small helpers over nlohmann::json that never throw.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "util/error.h"

namespace vsctl::k8s {

using Json = nlohmann::json;

// Parses JSON text; a syntax error becomes an error naming `source` and the byte offset.
util::Result<Json> parse_json(std::string_view source, std::string_view text);
// The same for a list response, leaving out items[*].metadata.managedFields while parsing: for
// readers that never look at field ownership, which is often a third of an object's JSON and the
// most of its DOM. Nothing else is dropped.
util::Result<Json> parse_list_without_managed_fields(std::string_view source, std::string_view text);

// The value at a JSON pointer ("/metadata/name"), or nullptr when absent or malformed.
const Json* find(const Json& j, std::string_view pointer);

// One key as a JSON pointer token ("~" -> "~0", "/" -> "~1").
std::string pointer_token(std::string_view key);

// The string at a JSON pointer, or "" when absent or not a string.
std::string string_at(const Json& j, std::string_view pointer);

// The integer at a JSON pointer, when present and integral.
std::optional<std::int64_t> int_at(const Json& j, std::string_view pointer);

// Compact serialisation; invalid UTF-8 is replaced rather than thrown.
std::string dump(const Json& j);

}  // namespace vsctl::k8s
