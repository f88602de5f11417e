#include "capacity/resources.h"

#include <algorithm>
#include <set>

#include "k8s/quantity.h"

namespace vsctl::capacity {

void add(Resources& into, const Resources& r, std::int64_t times) {
  for (const auto& [k, v] : r) into[k] += v * times;
}

void subtract(Resources& from, const Resources& r, std::int64_t times) {
  for (const auto& [k, v] : r) from[k] -= v * times;
}

std::string describe(const Resources& r) {
  std::string out;
  // cpu and memory first, as people read them; then the rest by name
  auto one = [&](const std::string& k, std::int64_t v) {
    if (k == "pods" || v == 0) return;
    if (!out.empty()) out += ", ";
    out += k8s::format_quantity(k, v) + " " + k;
  };
  for (const char* k : {"cpu", "memory"})
    if (auto it = r.find(k); it != r.end()) one(it->first, it->second);
  for (const auto& [k, v] : r)
    if (k != "cpu" && k != "memory") one(k, v);
  return out.empty() ? "no cpu or memory requests" : out;
}

Resources read_list(const k8s::Json* list) {
  Resources out;
  if (!list || !list->is_object()) return out;
  for (const auto& [k, v] : list->items())
    if (v.is_string()) {
      if (auto q = k8s::quantity_milli(v.get<std::string>())) out[k] = *q;
    } else if (v.is_number() && v.get<double>() >= 0) {
      out[k] = static_cast<std::int64_t>(v.get<double>() * 1000);
    }
  return out;
}

namespace {

struct Defaults {
  std::string source;  // "LimitRange NS/NAME"
  Resources default_limit, default_request, max, min;
};

std::vector<Defaults> limit_items(std::span<const k8s::Json> ranges, const char* type) {
  std::vector<Defaults> out;
  for (const auto& lr : ranges) {
    const auto* limits = k8s::find(lr, "/spec/limits");
    if (!limits || !limits->is_array()) continue;
    for (const auto& item : *limits) {
      if (item.value("type", "") != type) continue;
      Defaults d;
      d.source = "LimitRange " + k8s::string_at(lr, "/metadata/namespace") + "/" + k8s::string_at(lr, "/metadata/name");
      d.default_limit = read_list(k8s::find(item, "/default"));
      d.default_request = read_list(k8s::find(item, "/defaultRequest"));
      if (d.default_request.empty()) d.default_request = d.default_limit;  // as the API server defaults it
      d.max = read_list(k8s::find(item, "/max"));
      d.min = read_list(k8s::find(item, "/min"));
      out.push_back(std::move(d));
    }
  }
  return out;
}

struct Container {
  std::string name;
  Resources requests, limits;
};

Container container(const k8s::Json& c, const std::vector<Defaults>& defaults, PodDemand& d) {
  Container out;
  out.name = k8s::string_at(c, "/name");
  out.requests = read_list(k8s::find(c, "/resources/requests"));
  out.limits = read_list(k8s::find(c, "/resources/limits"));
  for (const auto& [k, v] : out.limits) out.requests.try_emplace(k, v);  // a limit alone is also the request
  for (const auto& lr : defaults) {
    for (const auto& [k, v] : lr.default_limit) out.limits.try_emplace(k, v);
    for (const auto& [k, v] : lr.default_request) out.requests.try_emplace(k, v);
  }
  for (const auto& lr : defaults) {
    for (const auto& [k, max] : lr.max) {
      auto it = out.limits.find(k);
      if (it == out.limits.end())
        d.refused.push_back(lr.source + " sets a maximum " + k + " per container and container " + out.name +
                            " has no " + k + " limit");
      else if (it->second > max)
        d.refused.push_back(lr.source + " allows at most " + k8s::format_quantity(k, max) + " " + k +
                            " per container; container " + out.name + " has a limit of " +
                            k8s::format_quantity(k, it->second));
    }
    for (const auto& [k, min] : lr.min) {
      auto it = out.requests.find(k);
      if (it == out.requests.end() || it->second < min)
        d.refused.push_back(lr.source + " asks at least " + k8s::format_quantity(k, min) + " " + k +
                            " per container; container " + out.name + " requests " +
                            (it == out.requests.end() ? std::string("none") : k8s::format_quantity(k, it->second)));
    }
  }
  return out;
}

}  // namespace

PodDemand pod_demand(const k8s::Json& spec, std::span<const k8s::Json> limit_ranges) {
  PodDemand d;
  auto defaults = limit_items(limit_ranges, "Container");
  std::set<std::string> unrequested, unlimited;
  Resources sum_req, sum_lim, init_req, init_lim;
  for (const char* list : {"/containers", "/initContainers"}) {
    const auto* cs = k8s::find(spec, list);
    if (!cs || !cs->is_array()) continue;
    bool init = std::string_view(list) == "/initContainers";
    for (const auto& c : *cs) {
      Container ct = container(c, defaults, d);
      for (const char* k : {"cpu", "memory"}) {
        if (!ct.requests.count(k)) unrequested.insert(k);
        if (!ct.limits.count(k)) unlimited.insert(k);
      }
      if (init) {
        for (const auto& [k, v] : ct.requests) init_req[k] = std::max(init_req[k], v);
        for (const auto& [k, v] : ct.limits) init_lim[k] = std::max(init_lim[k], v);
      } else {
        add(sum_req, ct.requests);
        add(sum_lim, ct.limits);
      }
    }
  }
  d.requests = sum_req;
  for (const auto& [k, v] : init_req) d.requests[k] = std::max(d.requests[k], v);
  d.limits = sum_lim;
  for (const auto& [k, v] : init_lim) d.limits[k] = std::max(d.limits[k], v);
  for (const auto& k : unlimited) d.limits.erase(k);
  add(d.requests, read_list(k8s::find(spec, "/overhead")));
  d.requests["pods"] = 1000;
  d.unrequested.assign(unrequested.begin(), unrequested.end());
  d.unlimited.assign(unlimited.begin(), unlimited.end());
  for (const auto& lr : limit_items(limit_ranges, "Pod"))
    for (const auto& [k, max] : lr.max)
      if (auto it = d.limits.find(k); it != d.limits.end() && it->second > max)
        d.refused.push_back(lr.source + " allows at most " + k8s::format_quantity(k, max) + " " + k + " per pod; the pod's limit is " +
                            k8s::format_quantity(k, it->second));
  return d;
}

}  // namespace vsctl::capacity
