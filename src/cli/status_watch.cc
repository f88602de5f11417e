#include "cli/status_watch.h"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <iostream>
#include <set>
#include <thread>

#include "apply/read_live.h"
#include "apply/record.h"
#include "apply/veto.h"
#include "apply/watcher.h"
#include "cli/output.h"
#include "cli/status_view.h"
#include "status/group.h"

namespace vsctl::cli {

namespace {

std::atomic<bool> g_stop{false};
extern "C" void on_stop(int) { g_stop = true; }

void install_stop_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_stop;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

// Watches one kind of object (records, vetoes) and marks it dirty on every change, nudging the
// Watcher so that the view is rebuilt.
class ChangeWatch {
 public:
  ChangeWatch(kube::ClusterClient& client, k8s::GroupVersionKind gvk, kube::WatchOptions opts, apply::Watcher& w)
      : client_(client), gvk_(std::move(gvk)), opts_(std::move(opts)), w_(w), thread_([this] { loop(); }) {}
  ~ChangeWatch() {
    stop_ = true;
    thread_.join();
  }
  bool take() { return dirty_.exchange(false); }

 private:
  bool relist() {
    kube::ListOptions lo;
    lo.namespace_ = opts_.namespace_;
    lo.label_selector = opts_.label_selector;
    lo.field_selector = opts_.field_selector;
    auto l = client_.list(gvk_, lo);
    if (!l) return false;
    opts_.resource_version = l->resource_version;
    return true;
  }
  void changed() {
    dirty_ = true;
    w_.nudge();
  }
  void loop() {
    bool need_list = true;
    while (!stop_) {
      if (need_list) {
        if (!relist()) {
          for (int i = 0; i < 10 && !stop_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
          continue;
        }
        need_list = false;
        changed();  // what happened before the list is read again by the view
      }
      opts_.deadline = std::chrono::steady_clock::now() + apply::Watcher::kWindow;
      auto r = client_.watch(gvk_, opts_, [&](const kube::WatchEvent& ev) {
        if (stop_) return kube::WatchControl::Stop;
        std::string rv = k8s::string_at(ev.object, "/metadata/resourceVersion");
        if (!rv.empty()) opts_.resource_version = rv;
        if (ev.type != kube::WatchEventType::Bookmark) changed();
        return kube::WatchControl::Continue;
      });
      if (!r) need_list = true;
      else if (!r->resource_version.empty()) opts_.resource_version = r->resource_version;
    }
  }

  kube::ClusterClient& client_;
  k8s::GroupVersionKind gvk_;
  kube::WatchOptions opts_;
  apply::Watcher& w_;
  std::atomic<bool> stop_{false}, dirty_{true};
  std::thread thread_;
};

// The services the view follows: the record's and the workloads labelled with the architecture.
util::Result<std::set<std::string>> service_names(kube::ClusterClient& client, const StatusTarget& t,
                                                   const std::optional<apply::Record>& record) {
  std::set<std::string> names;
  if (record)
    for (const auto& [n, _] : record->services) names.insert(n);
  for (const char* kind : {"Deployment", "StatefulSet"}) {
    kube::ListOptions lo;
    lo.namespace_ = t.ns;
    lo.label_selector = apply::part_of_selector(t.architecture);
    auto l = client.list({"apps", "v1", kind}, lo);
    if (!l) return tl::unexpected(kube::to_error(l.error()));
    for (const auto& o : l->items)
      if (auto n = status::label(o, k8s::kLabelName); !n.empty()) names.insert(n);
  }
  return names;
}

void sleep_unless_stopped(std::chrono::steady_clock::time_point until) {
  while (!g_stop && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

}  // namespace

util::Result<int> watch_status(StatusTarget& t, bool json) {
  install_stop_handlers();
  auto& client = *t.cluster.client;
  apply::Watcher w(client, t.ns, apply::part_of_selector(t.architecture));
  VSCTL_CHECK(w.start());
  kube::WatchOptions records;
  records.namespace_ = t.ns;
  records.label_selector = std::string(apply::kLabelRecord) + "=" + t.architecture + "," + std::string(apply::kLabelPart) + "=header";
  ChangeWatch record_watch(client, {"", "v1", "Secret"}, records, w);
  kube::WatchOptions vetoes;
  vetoes.namespace_ = t.ns;
  vetoes.field_selector = "metadata.name=" + apply::veto_configmap_name(t.architecture);
  ChangeWatch veto_watch(client, {"", "v1", "ConfigMap"}, vetoes, w);

  const bool terminal = !json && isatty(STDOUT_FILENO) == 1;
  status::Input in;
  in.architecture = t.architecture;
  in.ns = t.ns;
  std::set<std::string> names;
  bool first = true;
  while (!g_stop) {
    std::uint64_t seen = w.version();
    if (record_watch.take() || first) {
      VSCTL_TRY(rec, read_latest(client, t.ns, t.architecture));
      in.record = std::move(rec);
      VSCTL_TRY(n, service_names(client, t, in.record));
      names = std::move(n);
    }
    if (veto_watch.take() || first) {
      VSCTL_TRY(v, read_vetoes(client, t.ns, t.architecture));
      in.vetoes = std::move(v);
    }
    in.live.clear();
    for (const auto& name : names) {
      auto s = w.service(name);
      for (auto* o : {&s.workload, &s.service, &s.autoscaler})
        if (*o) in.live.push_back(std::move(**o));
      for (auto& p : s.pods) in.live.push_back(std::move(p));
      for (auto& sl : s.slices) in.live.push_back(std::move(sl));
      for (auto* v : {&s.replicasets, &s.claims, &s.events})
        for (auto& o : *v) in.live.push_back(std::move(o));
    }
    auto reg = status::build(in);
    if (terminal) std::cout << "\x1b[H\x1b[2J";
    else if (!first && !json) std::cout << "\n";
    print_status(reg, json, Output::stdout_color());
    if (terminal) {
      std::string err = w.last_error();
      std::cout << "\nwatching; Ctrl-C to stop" << (err.empty() ? "" : " (watch error, retrying: " + err + ")") << "\n" << std::flush;
    }
    first = false;
    sleep_unless_stopped(std::chrono::steady_clock::now() + std::chrono::seconds(1));  // at most one view a second
    while (!g_stop && w.version() == seen) w.wait(seen, std::chrono::steady_clock::now() + std::chrono::milliseconds(250));
  }
  w.stop();
  return 0;
}

}  // namespace vsctl::cli
