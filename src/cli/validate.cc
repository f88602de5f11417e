// vsctl validate: schema and semantic checks of a VersionSet and every environment's view.
#include <iostream>
#include <optional>
#include <set>
#include <tuple>

#include "cli/app.h"
#include "cli/diagnostics_formats.h"
#include "cli/diagnostics_output.h"
#include "cli/output.h"
#include "cli/validate_base.h"
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

// What render would refuse (a patch that matches nothing, an objects file listed twice), in the
// base view and every environment's, so that what passes the pre-commit hook also renders. Each
// view is rendered as the manifest is loaded (one load, not one per environment); an
// environment's finding that the base view has already is said once, for the base.
struct RenderChecks {
  util::Diagnostics found;
  std::set<std::tuple<std::string, int, int, std::string>> in_base;

  manifest::ViewVisitor visitor() {
    return [this](const std::string& env, const manifest::Architecture& view, bool valid) {
      if (!valid) return;  // its own errors say what is wrong; render needs a valid view
      auto rendered = render::render(view);
      for (auto d : rendered.diags.items()) {
        // a problem at the same place as one of the base view's is the same problem in another
        // view (its message may name that view's namespace): reported once
        std::tuple<std::string, int, int, std::string> key{d.loc.source, d.loc.line, d.loc.col, d.code};
        if (env.empty()) in_base.insert(key);
        else if (in_base.count(key)) continue;
        else d.message = "environment " + util::quote(env) + ": " + d.message;
        found.add(std::move(d));
      }
    };
  }
};

util::Result<int> run_validate(const Globals& g, const ValidateOptions& o) {
  // one load of each VersionSet: the base's views first, then the new one's, each rendered and
  // compared with the base's as it is built
  std::optional<BaseCheck> base_check;
  if (!o.base.empty()) {
    VSCTL_TRY(b, BaseCheck::read(g, o.base));
    base_check = std::move(b);
  }
  RenderChecks checks;
  auto render_check = checks.visitor();
  VSCTL_TRY(validated, load_versionset(g, o.rev, g.env, [&](const std::string& env, const manifest::Architecture& view, bool valid) {
    render_check(env, view, valid);
    if (base_check) base_check->compare(env, view);
  }));
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
  sub->add_option("-o,--output", opts->output, "Output format: text, json, sarif (code scanning) or github (annotations)")
      ->check(CLI::IsMember({"text", "json", "sarif", "github"}));
  sub->footer(
      "Reports every problem at once as FILE:LINE:COL with the line and a caret; exits 3 when\n"
      "the manifest is invalid, 0 when it is valid (warnings, such as dependency cycles, allowed).\n\n"
      "Examples:\n"
      "  vsctl validate\n"
      "  vsctl validate -f deploy/architecture.yaml -o json\n"
      "  vsctl validate HEAD~1                 the VersionSet of a commit\n"
      "  vsctl validate --base origin/main     also what the change breaks: removed services still\n"
      "                                        depended on, ranges that no longer admit a version\n"
      "  vsctl validate --base origin/main -o github   annotations in a GitHub Actions job");
  reg.add(sub, [&g, opts] { return run_validate(g, *opts); });
}

}  // namespace vsctl::cli
