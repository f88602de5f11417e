#pragma once
// Everything needed to talk to one API server, resolved from a kubeconfig or from the
// in-cluster service account. Files named by the kubeconfig (CA, client certificate and key)
// are read when the config is loaded, so a bad path is reported against the kubeconfig.
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace vsctl::kube {

// A client.authentication.k8s.io exec credential plugin.
struct ExecConfig {
  std::string api_version;  // client.authentication.k8s.io/v1 or v1beta1
  std::string command;      // run without a shell
  std::vector<std::string> args;
  std::vector<std::pair<std::string, std::string>> env;
  std::string install_hint;
  bool provide_cluster_info = false;
};

struct RestConfig {
  std::string server;   // https://host:port, no trailing slash
  std::string source;   // where it came from: kubeconfig path(s) or "in-cluster"
  std::string context;  // the context used ("" in-cluster)
  std::string cluster;  // the cluster entry's name, for messages
  std::string user;     // the user entry's name, for messages
  std::string namespace_ = "default";

  std::string ca_pem;       // empty: the system trust store
  std::string ca_origin;    // "certificate-authority-data" or the CA file's path, for messages
  std::string tls_server_name;
  bool insecure_skip_tls_verify = false;

  std::string client_cert_pem;
  std::string client_key_pem;

  std::string token;       // static bearer token
  std::string token_file;  // re-read when it changes (service account tokens rotate)
  std::optional<ExecConfig> exec;
};

}  // namespace vsctl::kube
