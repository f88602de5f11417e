#include "cli/cluster.h"

#include "cli/output.h"
#include "kube/kubeconfig.h"
#include "util/strings.h"

namespace vsctl::cli {

util::Result<Cluster> connect(const Globals& g, manifest::Architecture& view, ContextCheck check) {
  if (!view.context.empty() && !g.context.empty() && g.context != view.context && check == ContextCheck::Refuse) {
    return util::fail(util::ErrorKind::Refused,
                      "the environment " + util::quote(view.env) + " names the context " + util::quote(view.context) +
                          ", not " + util::quote(g.context) +
                          ": drop --context, or pass --force-context to use this one anyway");
  }
  kube::ConfigFlags flags;
  if (!g.kubeconfig.empty()) flags.kubeconfig = g.kubeconfig;
  if (!g.context.empty()) {
    flags.context = g.context;
  } else if (!view.context.empty()) {
    flags.context = view.context;
  }
  if (!g.ns.empty()) view.ns = g.ns;
  flags.namespace_ = view.ns;
  VSCTL_TRY(config, kube::load_rest_config(flags, kube::ConfigEnv::from_process()));
  kube::ClientOptions opts;
  opts.verbosity = Output::verbosity();
  Cluster c;
  c.context = config.context;
  c.namespace_ = view.ns;
  c.client = std::make_unique<kube::CurlClient>(std::move(config), std::move(opts));
  return c;
}

}  // namespace vsctl::cli
