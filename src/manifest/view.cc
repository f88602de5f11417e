#include "manifest/view.h"

#include <algorithm>
#include <numeric>
#include <span>
#include <unordered_map>
#include <vector>

#include "manifest/reader.h"
#include "manifest/service_reader.h"
#include "util/strings.h"

namespace vsctl::manifest {

namespace {

// Maps of a service that hold one of a set of alternatives: a probe's kind, a variable's source.
// Where `path` (keys from the service's root) is such a map, the alternatives among `key`'s.
std::span<const std::string_view> alternatives(const std::vector<std::string_view>& path, std::string_view key) {
  static constexpr std::string_view kProbe[] = {"http", "tcp", "exec"};
  static constexpr std::string_view kSource[] = {"secret", "configMap"};
  auto has = [&](std::span<const std::string_view> group) {
    return std::find(group.begin(), group.end(), key) != group.end();
  };
  bool probe = (path.size() == 1 && path[0] == "health") ||
               (path.size() == 2 && path[0] == "health" && path[1] == "liveness");
  bool env_ref = (path.size() == 2 && path[0] == "env") ||
                 (path.size() == 4 && path[0] == "hooks" && path[2] == "env");
  if (probe && has(kProbe)) return kProbe;
  if (env_ref && has(kSource)) return kSource;
  return {};
}

const yaml::Node* merge_at(yaml::Arena& arena, const yaml::Node* base, const yaml::Node* over,
                           std::vector<std::string_view>& path) {
  if (!base) return over;
  if (!over) return base;
  if (!base->is_map() || !over->is_map()) return over;
  yaml::Node* out = arena.make(yaml::Kind::Map, over->line, over->col);
  for (const auto& [k, v] : base->entries) {
    // `over` naming another alternative (tcp over http, configMap over secret) replaces this one
    bool replaced = false;
    if (k->is_scalar())
      for (std::string_view alt : alternatives(path, k->value))
        replaced = replaced || (alt != k->value && over->get(alt));
    if (!replaced) out->entries.emplace_back(k, v);
  }
  // where each key is in `out` (the first of a key: duplicates are reported by the parser)
  std::unordered_map<std::string_view, std::size_t> index;
  for (std::size_t i = 0; i < out->entries.size(); ++i)
    if (out->entries[i].first->is_scalar()) index.emplace(out->entries[i].first->value, i);
  for (const auto& [k, v] : over->entries) {
    auto it = k->is_scalar() ? index.find(k->value) : index.end();
    if (it == index.end()) {
      out->entries.emplace_back(k, v);
      if (k->is_scalar()) index.emplace(k->value, out->entries.size() - 1);
    } else {
      auto& merged = out->entries[it->second].second;
      path.push_back(k->value);
      merged = merge_at(arena, merged, v, path);
      path.pop_back();
    }
  }
  return out;
}

}  // namespace

const yaml::Node* merge_nodes(yaml::Arena& arena, const yaml::Node* base, const yaml::Node* over) {
  std::vector<std::string_view> path;
  return merge_at(arena, base, over, path);
}

std::optional<Architecture> build_view(const Document& doc, std::string_view env, util::Diagnostics& diags) {
  if (!doc.usable) return std::nullopt;
  Architecture a;
  a.name = doc.name;
  a.ns = doc.ns;
  a.env = std::string(env);
  a.source = doc.source;
  for (const auto& re : doc.environments) a.environments.push_back(re.env);
  a.promotion = doc.promotion;

  const RawEnvironment* renv = nullptr;
  if (!env.empty()) {
    for (const auto& re : doc.environments)
      if (re.env.name == env) renv = &re;
    if (!renv) {
      std::vector<std::string> names;
      for (const auto& re : doc.environments) names.push_back(re.env.name);
      diags.error({doc.source, 0, 0}, "unknown-environment",
                  "the manifest has no environment " + util::quote(env) +
                      (names.empty() ? std::string(" (it declares none)") : " (it has: " + util::join(names, ", ") + ")") +
                      util::did_you_mean(env, names));
      return std::nullopt;
    }
    if (!renv->env.ns.empty()) a.ns = renv->env.ns;
    a.context = renv->env.context;
  }

  a.services = read_services(doc, renv, false, diags);
  return a;
}

std::vector<Service> read_services(const Document& doc, const RawEnvironment* renv, bool overridden_only,
                                   util::Diagnostics& diags) {
  std::unordered_map<std::string_view, const yaml::Node*> overrides;  // the environment's, by service
  if (renv && renv->services)
    for (const auto& [k, v] : renv->services->entries)
      if (k->is_scalar()) overrides.emplace(k->value, v);

  Reader r(doc.source, diags);
  yaml::Arena arena;
  std::vector<Service> read;  // in document order
  read.reserve(overridden_only ? overrides.size() : doc.services.size());
  for (const auto& rs : doc.services) {
    if (!rs.body) continue;
    auto o = overrides.find(rs.name);
    if (overridden_only && o == overrides.end()) continue;
    const yaml::Node* merged = merge_nodes(arena, doc.defaults, rs.body);
    if (o != overrides.end()) merged = merge_nodes(arena, merged, o->second);
    read.push_back(read_service(r, rs.name, *merged, *rs.key));
  }
  // Sorted by name, each service moved once; of duplicates (reported by the YAML parser) the first.
  std::vector<std::size_t> order(read.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return read[x].name < read[y].name; });
  std::vector<Service> out;
  out.reserve(read.size());
  for (std::size_t i : order)
    if (out.empty() || out.back().name != read[i].name) out.push_back(std::move(read[i]));
  return out;
}

}  // namespace vsctl::manifest
