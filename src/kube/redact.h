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

// Text someone else wrote (a container's log) as it may be shown: per line, a JSON object is
// redacted as a body; otherwise the values after credential-like keys (password=..., token:
// ..., api_key, secret, Authorization: Bearer ...) and the password of a URL's user
// (scheme://user:password@host) are replaced.
std::string redact_text(std::string_view text);

}  // namespace vsctl::kube
