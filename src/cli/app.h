#pragma once
// The command line: global options shared by every subcommand, and the registry of
// subcommands. One file per subcommand registers itself through add_<name>().
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "util/error.h"

namespace vsctl::cli {

struct Globals {
  std::string dir = ".";  // -C: the repository (or any directory inside it)
  std::string file;       // -f: the manifest, relative to the repository root by default
  std::string env;        // --env
  std::string kubeconfig;
  std::string context;
  std::string ns;
  bool no_color = false;
  int verbose = 0;
};

// A parsed subcommand's action: returns the process exit code, or an error that main maps to
// the documented exit code.
using Action = std::function<util::Result<int>()>;

struct Registry {
  std::vector<std::pair<CLI::App*, Action>> commands;
  void add(CLI::App* sub, Action action) { commands.emplace_back(sub, std::move(action)); }
};

// Builds the whole command tree into `app`.
void build(CLI::App& app, Globals& g, Registry& reg);

// One per subcommand file.
void add_validate(CLI::App& app, Globals& g, Registry& reg);
void add_render(CLI::App& app, Globals& g, Registry& reg);
void add_plan(CLI::App& app, Globals& g, Registry& reg);
void add_apply(CLI::App& app, Globals& g, Registry& reg);
void add_destroy(CLI::App& app, Globals& g, Registry& reg);
void add_show(CLI::App& app, Globals& g, Registry& reg);
void add_log(CLI::App& app, Globals& g, Registry& reg);
void add_rollback(CLI::App& app, Globals& g, Registry& reg);
void add_promote(CLI::App& app, Globals& g, Registry& reg);
void add_veto(CLI::App& app, Globals& g, Registry& reg);  // also unveto
void add_rollout(CLI::App& app, Globals& g, Registry& reg);
void add_hook(CLI::App& app, Globals& g, Registry& reg);
void add_diff(CLI::App& app, Globals& g, Registry& reg);
void add_reconcile(CLI::App& app, Globals& g, Registry& reg);
void add_graph(CLI::App& app, Globals& g, Registry& reg);
void add_completion(CLI::App& app, Globals& g, Registry& reg);  // also the hidden __complete
void add_man(CLI::App& app, Globals& g, Registry& reg);         // hidden: __man DIR
void add_status(CLI::App& app, Globals& g, Registry& reg);
void add_history(CLI::App& app, Globals& g, Registry& reg);

// Runs the command line; returns the process exit code. Never throws.
int run(int argc, char** argv);

}  // namespace vsctl::cli
