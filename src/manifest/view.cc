#include "manifest/view.h"

#include <algorithm>

#include "manifest/reader.h"
#include "manifest/service_reader.h"
#include "util/strings.h"

namespace vsctl::manifest {

const yaml::Node* merge_nodes(yaml::Arena& arena, const yaml::Node* base, const yaml::Node* over) {
  if (!base) return over;
  if (!over) return base;
  if (!base->is_map() || !over->is_map()) return over;
  yaml::Node* out = arena.make(yaml::Kind::Map, over->line, over->col);
  out->entries = base->entries;
  for (const auto& [k, v] : over->entries) {
    auto it = std::find_if(out->entries.begin(), out->entries.end(), [&](const auto& e) {
      return e.first->is_scalar() && k->is_scalar() && e.first->value == k->value;
    });
    if (it == out->entries.end()) {
      out->entries.emplace_back(k, v);
    } else {
      it->second = merge_nodes(arena, it->second, v);
    }
  }
  return out;
}

std::optional<Architecture> build_view(const Document& doc, std::string_view env, util::Diagnostics& diags) {
  if (!doc.usable) return std::nullopt;
  Architecture a;
  a.name = doc.name;
  a.ns = doc.ns;
  a.env = std::string(env);
  a.source = doc.source;
  for (const auto& re : doc.environments) a.environments.push_back(re.env);

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

  Reader r(doc.source, diags);
  yaml::Arena arena;
  for (const auto& rs : doc.services) {
    if (!rs.body) continue;
    const yaml::Node* merged = merge_nodes(arena, doc.defaults, rs.body);
    if (renv && renv->services) merged = merge_nodes(arena, merged, renv->services->get(rs.name));
    a.services.push_back(read_service(r, rs.name, *merged, *rs.key));
  }
  std::sort(a.services.begin(), a.services.end(), [](const Service& x, const Service& y) { return x.name < y.name; });
  for (std::size_t i = 1; i < a.services.size(); ++i) {
    // duplicates are reported by the YAML parser; keep the first
    if (a.services[i].name == a.services[i - 1].name) a.services.erase(a.services.begin() + static_cast<long>(i--));
  }
  return a;
}

}  // namespace vsctl::manifest
