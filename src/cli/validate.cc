// vsctl validate: schema and semantic checks of a VersionSet and every environment's view.
#include <algorithm>
#include <future>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "cli/app.h"
#include "cli/diagnostics_formats.h"
#include "cli/diagnostics_output.h"
#include "cli/output.h"
#include "cli/validate_base.h"
#include "cli/validate_markdown.h"
#include "cli/workspace.h"
#include "render/render.h"
#include "util/strings.h"
#include "version.h"

namespace vsctl::cli {

namespace {

struct ValidateOptions {
  std::string rev;   // empty: the working tree
  std::string base;  // --base
  std::string output = "text";
};

nlohmann::json diagnostics_json(const util::Diagnostics& diags) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& d : diags.items()) {
    arr.push_back({{"severity", d.severity == util::Severity::Error ? "error" : "warning"},
                   {"code", d.code},
                   {"source", d.loc.source},
                   {"line", d.loc.line},
                   {"column", d.loc.col},
                   {"message", d.message}});
  }
  return arr;
}

// Whether every object of `s` is in the view's namespace or cluster-scoped in any view: no
// objects-file object or patch names a namespace, and no other namespace is declared. Then what
// render says of `s` in another namespace is what it says in this one, its keys moved along.
bool namespace_free(const manifest::Service& s) {
  if (!s.allow.namespaces.empty()) return false;
  auto names_namespace = [](const nlohmann::json& j) {
    if (!j.is_object()) return true;
    auto m = j.find("metadata");
    return m != j.end() && (!m->is_object() || m->contains("namespace"));
  };
  for (const auto& f : s.objects)
    for (const auto& obj : f.objects)
      if (names_namespace(obj)) return false;
  for (const auto& p : s.patches)
    if (names_namespace(p.patch)) return false;
  return true;
}

// What render would refuse (a patch that matches nothing, an objects file listed twice), in the
// base view and every environment's, so that what passes the pre-commit hook also renders. Each
// view is rendered as the manifest is loaded (one load, not one per environment); an
// environment's finding that the base view has already is said once, for the base.
//
// An environment's view built from the base view (manifest::ViewChange) is rendered only where it
// differs: the services it overrides and, when its namespace is another, the services whose
// objects name a namespace. The other services render as in the base view, their keys moved to
// the environment's namespace, and say what they said there: their keys, kept from the base
// view's rendering, take part in the environment's collision check.
struct RenderChecks {
  util::Diagnostics found;
  std::set<std::tuple<std::string, int, int, std::string>> in_base;

  struct Rendered {  // one service's objects in the base view
    std::vector<k8s::ObjectKey> keys;
    std::vector<render::KeyOrigin> origins;
    bool namespace_free = true;
  };
  std::vector<Rendered> base;
  std::string base_ns;
  bool have_base = false;
  bool base_valid = true;

  void report(const std::string& env, const util::Diagnostics& diags) {
    for (auto d : diags.items()) {
      // a problem at the same place as one of the base view's is the same problem in another
      // view (its message may name that view's namespace): reported once
      std::tuple<std::string, int, int, std::string> key{d.loc.source, d.loc.line, d.loc.col, d.code};
      if (env.empty()) in_base.insert(key);
      else if (in_base.count(key)) continue;
      else d.message = "environment " + util::quote(env) + ": " + d.message;
      found.add(std::move(d));
    }
  }

  static Rendered render_one(const manifest::Architecture& view, const manifest::Service& s, util::Diagnostics& diags) {
    Rendered r;
    std::vector<render::Object> objects;
    render::render_service(view, s, {}, objects, r.origins, diags);
    r.keys.reserve(objects.size());
    for (auto& o : objects) r.keys.push_back(std::move(o.key));
    r.namespace_free = namespace_free(s);
    return r;
  }

  using Id = std::tuple<std::string, std::string, std::string>;  // kind, namespace, name
  // The base view's objects by Id: (service index, position among its objects).
  std::map<Id, std::vector<std::pair<std::size_t, std::size_t>>> base_ids;

  // The collision check of the base view, its keys indexed for the environments'.
  void base_collisions(const manifest::Architecture& view, util::Diagnostics& diags) {
    const render::KeyOrigin ns_origin{{view.source, 0, 0}, "", false};
    std::vector<render::Placed> placed;
    placed.push_back({"Namespace", "", view.ns, "", &ns_origin});
    base_ids.clear();
    for (std::size_t i = 0; i < base.size(); ++i)
      for (std::size_t k = 0; k < base[i].keys.size(); ++k) {
        const auto& key = base[i].keys[k];
        placed.push_back({key.kind, key.namespace_, key.name, view.services[i].name, &base[i].origins[k]});
        base_ids[{key.kind, key.namespace_, key.name}].emplace_back(i, k);
      }
    render::check_collisions(placed, diags);
  }

  // The collision check of an environment's view where only the services `again` rendered again
  // (as `fresh`, in order) differ from the base view, whose objects are in namespace view.ns where
  // the base view's were in base_ns. Only the objects that share a key with one of those
  // services' objects, in this view or (moved) in the base view, are looked at: every other
  // object collides here as it did in the base view, with the same objects, in the same order,
  // and that is said already.
  void env_collisions(const manifest::Architecture& view, const std::vector<bool>& again,
                      const std::vector<Rendered>& fresh, util::Diagnostics& diags) const {
    const bool moved = view.ns != base_ns;
    auto here = [&](const std::string& ns) -> const std::string& { return ns == base_ns ? view.ns : ns; };
    std::set<Id> ids{{"Namespace", "", view.ns}, {"Namespace", "", base_ns}};
    for (std::size_t i = 0, f = 0; i < base.size(); ++i) {
      if (!again[i]) continue;
      for (const auto& key : fresh[f++].keys) ids.insert({key.kind, key.namespace_, key.name});
      for (const auto& key : base[i].keys) ids.insert({key.kind, here(key.namespace_), key.name});
    }
    // the objects with those keys, in render's order: (service index + 1, position)
    const render::KeyOrigin ns_origin{{view.source, 0, 0}, "", false};
    std::vector<std::pair<std::pair<std::size_t, std::size_t>, render::Placed>> members;
    members.push_back({{0, 0}, {"Namespace", "", view.ns, "", &ns_origin}});
    for (const auto& [kind, ns, name] : ids) {
      // where the base view had the objects the other services have here with this key
      const std::string* base_ns_of = &ns;
      if (moved && ns == view.ns) base_ns_of = &base_ns;
      else if (moved && !ns.empty()) continue;  // the other services' namespaced objects are all in view.ns here
      auto it = base_ids.find({kind, *base_ns_of, name});
      if (it == base_ids.end()) continue;
      for (auto [i, k] : it->second)
        if (!again[i]) members.push_back({{i + 1, k}, {kind, ns, name, view.services[i].name, &base[i].origins[k]}});
    }
    for (std::size_t i = 0, f = 0; i < base.size(); ++i) {
      if (!again[i]) continue;
      const Rendered& r = fresh[f++];
      for (std::size_t k = 0; k < r.keys.size(); ++k) {
        const auto& key = r.keys[k];
        members.push_back({{i + 1, k}, {key.kind, key.namespace_, key.name, view.services[i].name, &r.origins[k]}});
      }
    }
    std::sort(members.begin(), members.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    std::vector<render::Placed> placed;
    placed.reserve(members.size());
    for (const auto& m : members) placed.push_back(m.second);
    render::check_collisions(placed, diags);
  }

  manifest::ViewVisitor visitor() {
    return [this](const std::string& env, const manifest::Architecture& view, bool valid, const manifest::ViewChange& change) {
      // its own errors say what is wrong; render needs a valid view. With errors in the base
      // view, the load has errors, and what render would say is not reported
      if (env.empty()) base_valid = valid;
      if (!valid || !base_valid) return;
      util::Diagnostics diags;
      if (env.empty()) {
        base.clear();
        base.reserve(view.services.size());
        for (const auto& s : view.services) base.push_back(render_one(view, s, diags));
        base_ns = view.ns;
        have_base = true;
        base_collisions(view, diags);
      } else if (change.all || !have_base || base.size() != view.services.size()) {
        diags = render::render(view).diags;
      } else {
        // what differs from the base view rendered again; the rest is the base view's
        std::vector<bool> again(view.services.size(), false);
        for (std::size_t i : change.services) again[i] = true;
        if (view.ns != base_ns)
          for (std::size_t i = 0; i < base.size(); ++i) again[i] = again[i] || !base[i].namespace_free;
        std::vector<Rendered> fresh;
        for (std::size_t i = 0; i < base.size(); ++i)
          if (again[i]) fresh.push_back(render_one(view, view.services[i], diags));
        env_collisions(view, again, fresh, diags);
      }
      report(env, diags);
    };
  }
};

util::Result<int> run_validate(const Globals& g, const ValidateOptions& o) {
  // One load of each VersionSet, at the same time: the base's on a thread of its own (it reads
  // git objects through a repository handle of its own), the new one's here. The base is waited
  // for at the first view of the new one, whose views are then compared with the base's as they
  // are built. A base that does not resolve is said first, as before, whatever the new one has.
  std::future<util::Result<BaseCheck>> base_read;
  if (!o.base.empty()) base_read = std::async(std::launch::async, [&g, &o] { return BaseCheck::read(g, o.base); });
  std::optional<BaseCheck> base_check;
  std::optional<util::Error> base_error;
  auto wait_for_base = [&] {
    if (!base_read.valid()) return;
    auto b = base_read.get();
    if (b) base_check = std::move(*b);
    else base_error = b.error();
  };
  RenderChecks checks;
  auto render_check = checks.visitor();
  auto loaded_new = load_versionset(g, o.rev, g.env, [&](const std::string& env, const manifest::Architecture& view, bool valid,
                                                         const manifest::ViewChange& change) {
    render_check(env, view, valid, change);
    wait_for_base();
    if (base_check) base_check->compare(env, view, change);
  });
  wait_for_base();
  if (base_error) return tl::unexpected(*base_error);
  if (!loaded_new) return tl::unexpected(loaded_new.error());
  auto& validated = *loaded_new;
  if (!validated.loaded.diags.has_errors()) {
    for (const auto& d : checks.found.items()) validated.loaded.diags.add(d);
    validated.loaded.diags.sort_unique();
  }
  std::optional<BaseInfo> base;
  if (base_check) base = base_check->finish(validated);
  const auto& loaded = validated.loaded;
  const std::string& source = validated.source;
  const auto& diags = loaded.diags;
  bool valid = !diags.has_errors();
  if (o.output == "sarif" || o.output == "github") {
    auto shown = in_characters(diags, loaded.texts);
    std::cout << (o.output == "sarif" ? format_sarif(shown, VSCTL_VERSION) : format_github(shown));
    if (!valid) std::cerr << source << ": invalid: " << count_summary(diags) << "\n";
  } else if (o.output == "markdown") {
    ValidateResult r;
    r.source = source;
    r.read = loaded.view.has_value();
    if (loaded.view) {
      r.services = loaded.view->services.size();
      r.environments = loaded.view->environments.size();
    }
    if (base) {
      r.base = base->rev;
      r.base_note = base->absent     ? base->rev + " has no manifest, so every service is new"
                    : base->unusable ? base->rev + " could not be compared"
                    : valid          ? "breaks nothing of " + base->rev + " (" + base->commit.substr(0, 7) + ")"
                                     : "compared with " + base->rev + " (" + base->commit.substr(0, 7) + ")";
    }
    markdown::Cap cap;
    cap.full = markdown::code("vsctl validate" + (o.rev.empty() ? "" : " " + o.rev) +
                              (o.base.empty() ? "" : " --base " + o.base));
    std::cout << validate_markdown(r, diags, loaded.texts, cap);
    if (!valid) std::cerr << source << ": invalid: " << count_summary(diags) << "\n";
  } else if (o.output == "json") {
    nlohmann::json out = {{"valid", valid},
                          {"source", source},
                          {"errors", diags.error_count()},
                          {"warnings", diags.warning_count()},
                          {"diagnostics", diagnostics_json(in_characters(diags, loaded.texts))}};
    if (loaded.view) {
      out["services"] = loaded.view->services.size();
      out["environments"] = loaded.view->environments.size();
    }
    if (base)
      out["base"] = {{"rev", base->rev}, {"commit", base->commit}, {"manifest", !base->absent}, {"compared", !base->absent && !base->unusable}};
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    std::cerr << format_text(diags, loaded.texts, Output::stderr_color());
    if (valid && loaded.view) {
      std::cout << source << ": valid: " << loaded.view->services.size() << " services, "
                << loaded.view->environments.size() << (loaded.view->environments.size() == 1 ? " environment" : " environments");
      if (diags.warning_count()) std::cout << " (" << count_summary(diags) << ")";
      if (base && !base->absent && !base->unusable)
        std::cout << "; breaks nothing of " << base->rev << " (" << base->commit.substr(0, 7) << ")";
      if (base && base->absent) std::cout << "; " << base->rev << " has no manifest, so every service is new";
      std::cout << "\n";
    } else {
      std::cerr << source << ": invalid: " << count_summary(diags) << "\n";
    }
  }
  return valid ? 0 : 3;
}

}  // namespace

void add_validate(CLI::App& app, Globals& g, Registry& reg) {
  auto opts = std::make_shared<ValidateOptions>();
  CLI::App* sub = app.add_subcommand("validate", "Check the manifest: schema, dependencies, version ranges, every environment");
  sub->add_option("REV", opts->rev, "A git revision to validate (default: the working tree)");
  sub->add_option("--base", opts->base, "Also check what the change breaks relative to this VersionSet")
      ->type_name("REV");
  sub->add_option("-o,--output", opts->output,
                  "Output format: text, json, sarif (code scanning), github (annotations) or markdown (a pull request comment)")
      ->check(CLI::IsMember({"text", "json", "sarif", "github", "markdown"}));
  sub->footer(
      "Reports every problem at once as FILE:LINE:COL with the line and a caret; exits 3 when\n"
      "the manifest is invalid, 0 when it is valid (warnings, such as dependency cycles, allowed).\n\n"
      "Examples:\n"
      "  vsctl validate\n"
      "  vsctl validate -f deploy/architecture.yaml -o json\n"
      "  vsctl validate HEAD~1                 the VersionSet of a commit\n"
      "  vsctl validate --base origin/main     also what the change breaks: removed services still\n"
      "                                        depended on, ranges that no longer admit a version\n"
      "  vsctl validate --base origin/main -o github   annotations in a GitHub Actions job\n"
      "  vsctl validate --base origin/main -o markdown\n"
      "                                        a pull request comment: a summary table, one collapsible\n"
      "                                        section per service, at most 65,536 characters");
  reg.add(sub, [&g, opts] { return run_validate(g, *opts); });
}

}  // namespace vsctl::cli
