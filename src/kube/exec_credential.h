#pragma once
// client.authentication.k8s.io exec credential plugins: run the command without a shell, with
// KUBERNETES_EXEC_INFO and the configured env, under a timeout, and parse the ExecCredential
// it prints.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "kube/rest_config.h"
#include "util/error.h"

namespace vsctl::kube {

struct ExecCredential {
  std::string token;
  std::string client_cert_pem;
  std::string client_key_pem;
  std::optional<std::chrono::system_clock::time_point> expiry;  // none: valid until refused
};

// Parses a plugin's stdout. `command` names the plugin in messages.
util::Result<ExecCredential> parse_exec_credential(std::string_view output,
                                                   std::string_view expected_api_version,
                                                   std::string_view command);

// The KUBERNETES_EXEC_INFO value for a plugin.
std::string exec_info(const ExecConfig& exec, const RestConfig& cluster);

// Runs the plugin. Errors (kind Cluster) say whether it was not found, failed (with the end of
// its stderr), timed out, or printed something that is not an ExecCredential.
util::Result<ExecCredential> run_exec_plugin(const ExecConfig& exec, const RestConfig& cluster,
                                             std::chrono::milliseconds timeout);

// RFC 3339 timestamps as Kubernetes writes them ("2024-05-01T12:00:00Z", with optional
// fractional seconds and a numeric offset).
std::optional<std::chrono::system_clock::time_point> parse_rfc3339(std::string_view text);

}  // namespace vsctl::kube
