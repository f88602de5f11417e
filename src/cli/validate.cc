// vsctl validate: schema and semantic checks of a VersionSet and every environment's view.
#include <iostream>

#include "cli/app.h"
#include "cli/diagnostics_output.h"
#include "cli/output.h"
#include "cli/workspace.h"

namespace vsctl::cli {

namespace {

struct ValidateOptions {
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

util::Result<int> run_validate(const Globals& g, const ValidateOptions& o) {
  VSCTL_TRY(ws, find_workspace(g));
  VSCTL_TRY(loaded, load_worktree(ws, g.env));
  const auto& diags = loaded.diags;
  bool valid = !diags.has_errors();
  if (o.output == "json") {
    nlohmann::json out = {{"valid", valid},
                          {"source", ws.manifest_path},
                          {"errors", diags.error_count()},
                          {"warnings", diags.warning_count()},
                          {"diagnostics", diagnostics_json(diags)}};
    if (loaded.view) {
      out["services"] = loaded.view->services.size();
      out["environments"] = loaded.view->environments.size();
    }
    std::cout << out.dump(2) << "\n";
  } else {
    std::cerr << format_text(diags, loaded.texts, Output::stderr_color());
    if (valid && loaded.view) {
      std::cout << ws.manifest_path << ": valid: " << loaded.view->services.size() << " services, "
                << loaded.view->environments.size() << (loaded.view->environments.size() == 1 ? " environment" : " environments");
      if (diags.warning_count()) std::cout << " (" << count_summary(diags) << ")";
      std::cout << "\n";
    } else {
      std::cerr << ws.manifest_path << ": invalid: " << count_summary(diags) << "\n";
    }
  }
  return valid ? 0 : 3;
}

}  // namespace

void add_validate(CLI::App& app, Globals& g, Registry& reg) {
  auto opts = std::make_shared<ValidateOptions>();
  CLI::App* sub = app.add_subcommand("validate", "Check the manifest: schema, dependencies, version ranges, every environment");
  sub->add_option("-o,--output", opts->output, "Output format")->check(CLI::IsMember({"text", "json"}));
  sub->footer(
      "Reports every problem at once as FILE:LINE:COL with the line and a caret; exits 3 when\n"
      "the manifest is invalid, 0 when it is valid (warnings, such as dependency cycles, allowed).\n\n"
      "Examples:\n"
      "  vsctl validate\n"
      "  vsctl validate -f deploy/architecture.yaml -o json");
  reg.add(sub, [&g, opts] { return run_validate(g, *opts); });
}

}  // namespace vsctl::cli
