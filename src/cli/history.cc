// vsctl history: every apply, rollback and destroy recorded in the cluster, newest first. Needs
// only the namespace: the architecture is the manifest's, or the one the records name.
#include <iostream>

#include "apply/record_store.h"
#include "cli/app.h"
#include "cli/output.h"
#include "cli/status_target.h"
#include "cli/table.h"
#include "status/history.h"
#include "status/json.h"
#include "status/when.h"

namespace vsctl::cli {

namespace {

struct HistoryOptions {
  std::string output = "text";
  std::string architecture;
  int max_count = 0;
};

Color outcome_color(const std::string& outcome) {
  if (outcome == "succeeded") return Color::Green;
  if (outcome == "in-progress") return Color::Yellow;
  return Color::Red;
}

util::Result<int> run_history(const Globals& g, const HistoryOptions& o) {
  VSCTL_TRY(t, resolve_status_target(g, o.architecture));
  apply::RecordStore store(*t.cluster.client, t.ns, t.architecture);
  VSCTL_TRY(records, store.list());
  if (o.max_count > 0 && records.size() > static_cast<std::size_t>(o.max_count)) records.resize(static_cast<std::size_t>(o.max_count));
  if (o.output == "json") {
    std::cout << status::history_json(t.architecture, t.ns, records).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return 0;
  }
  if (records.empty()) {
    std::cout << "no records of architecture " << t.architecture << " in namespace " << t.ns << "\n";
    return 0;
  }
  bool color = Output::stdout_color();
  Table table({"REV", "OPERATION", "COMMIT", "ENV", "WHO", "STARTED (UTC)", "TOOK", "OUTCOME", "CHANGED"});
  for (const auto& r : records) {
    table.add({std::to_string(r.revision), apply::to_string(r.operation), status::short_commit(r), r.environment.empty() ? "-" : r.environment,
               r.who, status::format_when(r.started), status::duration(r), apply::to_string(r.outcome), status::changed_summary(r)});
  }
  std::string text = table.str();
  if (color) {  // paint the outcome cells: every cell before them is ASCII, so offsets hold
    std::size_t col = text.find("OUTCOME");
    std::size_t pos = text.find('\n') + 1;
    for (const auto& r : records) {
      std::size_t end = text.find('\n', pos);
      const std::string outcome = apply::to_string(r.outcome);
      std::string painted = Output::paint(outcome, outcome_color(outcome), true);
      if (pos + col + outcome.size() <= end && text.compare(pos + col, outcome.size(), outcome) == 0) {
        text.replace(pos + col, outcome.size(), painted);
        end += painted.size() - outcome.size();
      }
      pos = end + 1;
    }
  }
  std::cout << "architecture " << t.architecture << " in namespace " << t.ns << ": " << records.size() << " record(s)\n" << text;
  return 0;
}

}  // namespace

void add_history(CLI::App& app, Globals& g, Registry& reg) {
  auto o = std::make_shared<HistoryOptions>();
  CLI::App* sub = app.add_subcommand("history", "Every apply, rollback and destroy recorded in the cluster, newest first");
  sub->add_option("-o,--output", o->output, "Output format")->check(CLI::IsMember({"text", "json"}));
  sub->add_option("--architecture", o->architecture, "The architecture, when the namespace holds several")->type_name("NAME");
  sub->add_option("--max-count", o->max_count, "Show at most N records")->type_name("N");
  sub->footer(
      "Reads the records vsctl keeps in the architecture's namespace (docs/record.md): no repository needed\n"
      "with -n. Exit codes: 0 ok, 2 usage (no namespace, several architectures), 5 cluster error.\n\n"
      "Examples:\n"
      "  vsctl history                          in the repository: the manifest's architecture and namespace\n"
      "  vsctl -n shop history                  anywhere: the architecture recorded in namespace shop\n"
      "  vsctl -n shop history -o json | jq '.records[0].changed'");
  reg.add(sub, [&g, o] { return run_history(g, *o); });
}

}  // namespace vsctl::cli
