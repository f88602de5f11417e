// vsctl_kube_bench: LIST + dry-run server-side apply of N ConfigMaps with vsctl's client, the
// way apply previews a change. Prints one line of figures; bench/kube/kube_list_apply.sh runs it
// side by side with kubectl.
//
//   vsctl_kube_bench --kubeconfig FILE --namespace NS [--objects 1500] [--qps Q] [--burst B]
//                    [--in-flight N] [--write-manifest FILE] [--create]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "kube/curl_client.h"
#include "kube/kubeconfig.h"

using namespace vsctl::kube;
using vsctl::k8s::Json;

namespace {

Json object(const std::string& ns, int i, const std::string& value) {
  return {{"apiVersion", "v1"},
          {"kind", "ConfigMap"},
          {"metadata",
           {{"name", "bench-" + std::to_string(i)},
            {"namespace", ns},
            {"labels", {{"app.kubernetes.io/managed-by", "vsctl"}, {"app.kubernetes.io/part-of", "bench"}}}}},
          {"data", {{"config", std::string(200, 'x')}, {"value", value}}}};
}

int usage() {
  std::fprintf(stderr,
               "usage: vsctl_kube_bench --kubeconfig FILE --namespace NS [--objects N] [--qps Q] "
               "[--burst B] [--in-flight N] [--write-manifest FILE] [--create] [-v N]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string kubeconfig, ns, manifest;
  int objects = 1500;
  bool create = false;
  ClientOptions opts;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--kubeconfig") kubeconfig = next();
    else if (a == "--namespace") ns = next();
    else if (a == "--objects") objects = std::atoi(next().c_str());
    else if (a == "--qps") opts.qps = std::atof(next().c_str());
    else if (a == "--burst") opts.burst = std::atoi(next().c_str());
    else if (a == "--in-flight") opts.max_in_flight = static_cast<std::size_t>(std::atoi(next().c_str()));
    else if (a == "--write-manifest") manifest = next();
    else if (a == "--create") create = true;
    else if (a == "-v") opts.verbosity = std::atoi(next().c_str());
    else return usage();
  }
  if (kubeconfig.empty() || ns.empty() || objects <= 0) return usage();

  std::vector<Json> desired;
  for (int i = 0; i < objects; ++i) desired.push_back(object(ns, i, create ? "live" : "desired"));
  if (!manifest.empty()) {
    std::ofstream out(manifest);
    for (const auto& o : desired) out << "---\n" << o.dump() << "\n";
  }

  auto rc = load_rest_config(ConfigFlags{kubeconfig, {}, {}}, ConfigEnv{});
  if (!rc) {
    std::fprintf(stderr, "%s\n", rc.error().message.c_str());
    return 5;
  }
  CurlClient client(*rc, opts);
  auto start = std::chrono::steady_clock::now();
  if (create) {  // set up the live objects the timed runs compare against
    auto results = client.apply_all(desired, {});
    for (const auto& r : results) {
      if (!r) {
        std::fprintf(stderr, "%s\n", describe(r.error()).c_str());
        return 5;
      }
    }
    return 0;
  }

  ListOptions lo;
  lo.namespace_ = ns;
  lo.label_selector = "app.kubernetes.io/part-of=bench";
  auto live = client.list({"", "v1", "ConfigMap"}, lo);
  if (!live) {
    std::fprintf(stderr, "%s\n", describe(live.error()).c_str());
    return 5;
  }
  ApplyOptions dry;
  dry.dry_run = DryRun::All;
  auto results = client.apply_all(desired, dry);
  std::size_t failed = 0;
  for (const auto& r : results) {
    if (!r) {
      if (failed++ == 0) std::fprintf(stderr, "%s\n", describe(r.error()).c_str());
    }
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  auto requests = client.requests_sent();
  std::printf("vsctl (qps %g, burst %d, in flight %zu): listed %zu, dry-run applied %d objects, "
              "%zu requests in %.2f s: %.0f requests/s, %.0f objects/s%s\n",
              opts.qps, opts.burst, opts.max_in_flight, live->items.size(), objects, requests, secs,
              static_cast<double>(requests) / secs, objects / secs,
              failed ? (" (" + std::to_string(failed) + " failed)").c_str() : "");
  return failed ? 1 : 0;
}
