#pragma once
// The cluster a command talks to: the kubeconfig (--kubeconfig, KUBECONFIG, ~/.kube/config,
// in-cluster), the context (--context, else the one the environment names, else the current
// one) and the namespace (-n, else the environment's or the manifest's), and the client built
// from them. Shared by every command that reads or writes the cluster.
#include <memory>
#include <string>

#include "cli/app.h"
#include "kube/curl_client.h"
#include "manifest/model.h"

namespace vsctl::cli {

// Whether a --context other than the one the environment names is allowed (--force-context).
enum class ContextCheck { Refuse, Allow };

struct Cluster {
  std::unique_ptr<kube::CurlClient> client;
  std::string context;    // the context in use ("" in-cluster)
  std::string namespace_; // where the architecture's namespaced objects go
};

// Applies -n to the view (the namespace objects render into) and connects. Refuses (exit 8)
// a --context that differs from the one the view's environment names, unless `check` allows
// it. No request is sent yet.
util::Result<Cluster> connect(const Globals& g, manifest::Architecture& view, ContextCheck check);

}  // namespace vsctl::cli
