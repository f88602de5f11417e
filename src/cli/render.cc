// vsctl render: the Kubernetes objects a VersionSet becomes (like `helm template`).
#include <iostream>

#include "cli/app.h"
#include "cli/diagnostics_output.h"
#include "cli/output.h"
#include "cli/workspace.h"
#include "render/render.h"
#include "yaml/emit.h"

namespace vsctl::cli {

namespace {

struct RenderOptions {
  std::string rev;
  std::string output = "yaml";
};

util::Result<int> run_render(const Globals& g, const RenderOptions& o) {
  VSCTL_TRY(loaded, load_source(g, o.rev, g.env));
  std::cerr << format_text(loaded.diags, loaded.texts, Output::stderr_color());
  if (!loaded.ok()) {
    std::cerr << "the manifest is invalid (" << count_summary(loaded.diags) << "): nothing rendered\n";
    return 3;
  }
  auto rendered = render::render(*loaded.view);
  rendered.diags.sort_unique();
  std::cerr << format_text(rendered.diags, loaded.texts, Output::stderr_color());  // warnings too
  if (rendered.diags.has_errors()) return 3;
  if (o.output == "json") {
    nlohmann::json list = {{"apiVersion", "v1"}, {"kind", "List"}, {"items", nlohmann::json::array()}};
    for (const auto& obj : rendered.objects) list["items"].push_back(obj.body);
    std::cout << list.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    std::string out;
    for (const auto& obj : rendered.objects) {
      out += "---\n";
      out += "# Source: " + (obj.service.empty() ? std::string("architecture ") + loaded.view->name : "service " + obj.service) + "\n";
      out += yaml::emit(obj.body);
    }
    std::cout << out;
  }
  return 0;
}

}  // namespace

void add_render(CLI::App& app, Globals& g, Registry& reg) {
  auto opts = std::make_shared<RenderOptions>();
  CLI::App* sub = app.add_subcommand("render", "Print the Kubernetes objects a VersionSet becomes (validates first)");
  sub->add_option("REV", opts->rev, "A git revision (default: the working tree)");
  sub->add_option("-o,--output", opts->output, "Output format")->check(CLI::IsMember({"yaml", "json"}));
  sub->footer(
      "Deterministic: the same VersionSet renders the same bytes. Exits 3 when the manifest is invalid.\n"
      "Secrets from objects files are printed with their values, as helm template prints them (they\n"
      "are what would be applied); diff, show and log never show them.\n\n"
      "Examples:\n"
      "  vsctl render\n"
      "  vsctl render --env staging -o json\n"
      "  vsctl render HEAD~1 | kubectl diff --server-side -f -");
  reg.add(sub, [&g, opts] { return run_render(g, *opts); });
}

}  // namespace vsctl::cli
