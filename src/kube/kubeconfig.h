#pragma once
// Kubeconfig loading with kubectl's precedence and merge rules, and in-cluster configuration.
//   1. --kubeconfig FILE (one file, must exist)
//   2. KUBECONFIG (a ':'-separated list; missing files skipped; the first file to set a
//      cluster, user or context name wins; current-context from the first file that sets it)
//   3. ~/.kube/config
//   4. in-cluster: KUBERNETES_SERVICE_HOST/PORT and the service account directory
// The context is --context or current-context; the namespace is -n, else the context's, else
// "default" (in-cluster: the service account's namespace file).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kube/rest_config.h"
#include "util/error.h"
#include "util/file.h"

namespace vsctl::kube {

struct ConfigFlags {
  std::optional<std::string> kubeconfig;  // --kubeconfig
  std::optional<std::string> context;     // --context
  std::optional<std::string> namespace_;  // -n / --namespace
};

// The parts of the process environment that decide the configuration; tests set them.
struct ConfigEnv {
  std::optional<std::string> kubeconfig;  // KUBECONFIG
  std::optional<std::string> home;        // HOME
  std::optional<std::string> service_host;  // KUBERNETES_SERVICE_HOST
  std::optional<std::string> service_port;  // KUBERNETES_SERVICE_PORT
  std::string service_account_dir = "/var/run/secrets/kubernetes.io/serviceaccount";

  static ConfigEnv from_process();
};

// Resolves the configuration; errors are of kind Cluster and name the file and entry at fault.
util::Result<RestConfig> load_rest_config(const ConfigFlags& flags, const ConfigEnv& env);

// Resolves from kubeconfig texts already read, as {path, text} in precedence order. `path`
// names each file in messages and anchors its relative paths (certificate-authority,
// client-certificate, client-key, tokenFile, an exec command containing a '/').
util::Result<RestConfig> resolve_kubeconfig(
    const std::vector<std::pair<std::string, std::string>>& files, const ConfigFlags& flags);

// The in-cluster configuration, or an error saying what is missing.
util::Result<RestConfig> in_cluster_config(const ConfigFlags& flags, const ConfigEnv& env);

// Reads a whole file of at most kMaxFileBytes (a kubeconfig, a certificate, a key, a token);
// errors of kind Cluster mention `what` ("client-key of user x in FILE"). A directory, a device
// or a socket is refused, and a pipe unless `pipes` accepts one (`--kubeconfig <(...)`).
inline constexpr std::size_t kMaxFileBytes = 16u << 20;
util::Result<std::string> read_file(const std::string& path, std::string_view what,
                                    util::Pipes pipes = util::Pipes::Refuse);

}  // namespace vsctl::kube
