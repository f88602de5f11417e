#include "kube/lease.h"

#include <cstdio>

#include "kube/exec_credential.h"

namespace vsctl::kube {

std::string format_micro_time(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  auto us = time_point_cast<microseconds>(t);
  auto days = floor<std::chrono::days>(us);
  year_month_day ymd{days};
  hh_mm_ss<microseconds> hms{us - days};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%06lldZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()),
                static_cast<long long>(hms.subseconds().count()));
  return buf;
}

k8s::Json to_json(const Lease& l) {
  k8s::Json j = {{"apiVersion", "coordination.k8s.io/v1"},
                 {"kind", "Lease"},
                 {"metadata", {{"name", l.name}, {"namespace", l.namespace_}}},
                 {"spec", k8s::Json::object()}};
  if (!l.resource_version.empty()) j["metadata"]["resourceVersion"] = l.resource_version;
  if (l.annotations.is_object() && !l.annotations.empty()) j["metadata"]["annotations"] = l.annotations;
  auto& spec = j["spec"];
  if (!l.holder.empty()) spec["holderIdentity"] = l.holder;
  if (l.duration_seconds > 0) spec["leaseDurationSeconds"] = l.duration_seconds;
  if (l.acquire_time) spec["acquireTime"] = format_micro_time(*l.acquire_time);
  if (l.renew_time) spec["renewTime"] = format_micro_time(*l.renew_time);
  spec["leaseTransitions"] = l.transitions;
  return j;
}

util::Result<Lease> lease_from_json(const k8s::Json& o) {
  if (k8s::string_at(o, "/kind") != "Lease" && !k8s::find(o, "/spec")) {
    return util::fail(util::ErrorKind::Cluster, "not a Lease");
  }
  Lease l;
  l.namespace_ = k8s::string_at(o, "/metadata/namespace");
  l.name = k8s::string_at(o, "/metadata/name");
  l.resource_version = k8s::string_at(o, "/metadata/resourceVersion");
  if (const auto* a = k8s::find(o, "/metadata/annotations"); a && a->is_object()) l.annotations = *a;
  l.holder = k8s::string_at(o, "/spec/holderIdentity");
  l.duration_seconds = static_cast<int>(k8s::int_at(o, "/spec/leaseDurationSeconds").value_or(0));
  l.transitions = static_cast<int>(k8s::int_at(o, "/spec/leaseTransitions").value_or(0));
  if (auto t = k8s::string_at(o, "/spec/acquireTime"); !t.empty()) l.acquire_time = parse_rfc3339(t);
  if (auto t = k8s::string_at(o, "/spec/renewTime"); !t.empty()) l.renew_time = parse_rfc3339(t);
  return l;
}

}  // namespace vsctl::kube
