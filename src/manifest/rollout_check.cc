#include "manifest/rollout_check.h"

#include <map>

#include "k8s/json.h"
#include "manifest/reader.h"
#include "util/strings.h"

namespace vsctl::manifest {

namespace {

constexpr std::string_view kGatewayGroup = "gateway.networking.k8s.io/";

// An HTTPRoute of the Gateway API in namespace `ns` (or naming none: it gets the view's).
bool route_in(const Json& o, const std::string& ns) {
  if (!o.is_object() || k8s::string_at(o, "/kind") != "HTTPRoute") return false;
  if (k8s::string_at(o, "/apiVersion").rfind(kGatewayGroup, 0) != 0) return false;
  std::string object_ns = k8s::string_at(o, "/metadata/namespace");
  return object_ns.empty() || object_ns == ns;
}

struct Found {
  const Service* owner;
  const ObjectFile* file;
  std::size_t index;
};

// A backendRef to the Service `name` of the route's namespace.
bool refers_to(const Json& ref, const std::string& name, const std::string& ns) {
  if (!ref.is_object() || k8s::string_at(ref, "/name") != name) return false;
  std::string kind = k8s::string_at(ref, "/kind"), group = k8s::string_at(ref, "/group"),
              ref_ns = k8s::string_at(ref, "/namespace");
  return (kind.empty() || kind == "Service") && group.empty() && (ref_ns.empty() || ref_ns == ns);
}

void check_backends(const Architecture& a, const Service& s, const Found& f, const SourceLoc& loc,
                    util::Diagnostics& diags) {
  const Json& route = f.file->objects[f.index];
  const std::string stable = s.name + "-stable", canary = s.name + "-canary";
  const SourceLoc* at = f.index < f.file->locs.size() ? &f.file->locs[f.index] : nullptr;
  const std::string subject =
      "services." + s.name + ".rollout.traffic.gateway.route: HTTPRoute " + s.rollout.route +
      " (an object of service " + f.owner->name +
      (at && at->line ? ", " + at->source + ":" + std::to_string(at->line) : std::string()) + ")";
  bool both = false;
  std::vector<std::string> partial;  // "rule 2 names cart-stable but not cart-canary"
  if (const Json* rules = k8s::find(route, "/spec/rules"); rules && rules->is_array()) {
    for (std::size_t k = 0; k < rules->size(); ++k) {
      const Json* refs = k8s::find((*rules)[k], "/backendRefs");
      if (!refs || !refs->is_array()) continue;
      bool has_stable = false, has_canary = false;
      for (const auto& ref : *refs) {
        has_stable = has_stable || refers_to(ref, stable, a.ns);
        has_canary = has_canary || refers_to(ref, canary, a.ns);
      }
      if (has_stable && has_canary)
        both = true;
      else if (has_stable || has_canary)
        partial.push_back("spec.rules[" + std::to_string(k) + "] names " + (has_stable ? stable : canary) +
                          " but not " + (has_stable ? canary : stable));
    }
  }
  const std::string port = s.ports.empty() ? std::string("PORT") : std::to_string(s.ports.front().port);
  if (!both)
    diags.error(loc, "rollout-route-backends",
                subject + " has no rule whose backendRefs are " + stable + " and " + canary +
                    ": vsctl writes those two backends' weights as the canary goes on; add both to the rule "
                    "that takes " +
                    s.name + "'s requests: backendRefs: [ { name: " + stable + ", port: " + port +
                    " }, { name: " + canary + ", port: " + port + ", weight: 0 } ]");
  else if (!partial.empty())
    diags.error(loc, "rollout-route-backends",
                subject + ": " + util::join(partial, ", ") +
                    ": vsctl writes the weights of both in every rule, and a rule with one of them would not "
                    "share its "
                    "requests by the canary's weight; add the other beside it, or route that rule elsewhere");
}

}  // namespace

void check_rollout_routes(const Architecture& a, util::Diagnostics& diags) {
  std::vector<const Service*> through_route;
  for (const auto& s : a.services)
    if (s.rollout.strategy == Rollout::Strategy::Canary && s.rollout.traffic == Rollout::Traffic::Gateway &&
        is_dns1123_subdomain(s.rollout.route))  // an invalid name is reported as it is read
      through_route.push_back(&s);
  if (through_route.empty()) return;
  // The view's HTTPRoutes by name. Whether every objects file of the view was loaded: a view
  // built without its objects files (or only checked, see load_objects) cannot say that no
  // service renders a route.
  std::map<std::string, std::vector<Found>, std::less<>> routes;
  bool all_loaded = true;
  for (const auto& s : a.services)
    for (const auto& f : s.objects) {
      all_loaded = all_loaded && !f.objects.empty();
      for (std::size_t i = 0; i < f.objects.size(); ++i)
        if (route_in(f.objects[i], a.ns))
          routes[k8s::string_at(f.objects[i], "/metadata/name")].push_back({&s, &f, i});
    }
  for (const Service* s : through_route) {
    const Rollout& ro = s->rollout;
    const SourceLoc& loc = ro.route_loc.line ? ro.route_loc : ro.loc;
    auto it = routes.find(ro.route);
    if (it != routes.end()) {
      for (const Found& f : it->second) check_backends(a, *s, f, loc, diags);
    } else if (all_loaded) {
      diags.warning(
          loc, "rollout-route-unowned",
          "services." + s->name +
              ".rollout.traffic.gateway.route: no service of this architecture renders the HTTPRoute " +
              ro.route + ", so vsctl will write the weights of " + s->name + "-stable and " + s->name +
              "-canary in a route it does not own: it must exist in the architecture's namespace, with those "
              "two "
              "backends, when the rollout runs; add it to a service's objects to have it checked here");
    }
  }
}

}  // namespace vsctl::manifest
