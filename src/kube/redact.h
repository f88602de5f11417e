#pragma once
// What may be logged of a request or response. Bearer tokens, client keys and Secret payloads
// never are, at any verbosity.
#include <string>
#include <string_view>

namespace vsctl::kube {

inline constexpr std::string_view kRedacted = "<redacted>";

// A header line as it may be logged: the value of Authorization (and other credential
// headers) is replaced.
std::string redact_header(std::string_view name, std::string_view value);

// A JSON body as it may be logged: Secret `data` and `stringData` values, and fields that
// hold credentials (token, clientKeyData, client-key-data, password), are replaced. Text that
// is not JSON is not shown, only its size. Long bodies are cut at `max_bytes`.
std::string redact_body(std::string_view body, std::size_t max_bytes = 64 * 1024);

}  // namespace vsctl::kube
