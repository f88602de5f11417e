#pragma once
// The command-line part of apply, destroy and rollback after the plan is made: confirmation,
// dry run output, progress, the summary and the exit code. The run itself is the engine's.
#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include "apply/planner.h"
#include "cli/app.h"
#include "cli/convergence.h"
#include "cli/signals.h"
#include "engine/run.h"

namespace vsctl::cli {

// The flags apply and destroy share, as written on the command line.
struct RunFlags {
  bool yes = false, force_context = false, allow_one_way = false;
  std::vector<std::string> allow;
  std::string timeout = "5m", wait_for_lock = "0s", output = "text";
  int concurrency = 4, history_max = 10;
};

struct ApplyCmd {
  RunFlags run;
  std::string rev;
  bool dry_run = false, prune = false, adopt = false, allow_dirty = false, allow_empty = false;
  bool rollback_on_failure = false;
  std::string plan_digest, plan_file;
};

// A converging command's run: the engine's part, and what the command line decides around it.
struct RunSpec {
  engine::RunSpec engine;
  bool yes = false, dry_run = false, json = false;
};

// Registers the shared flags on `sub`; `doors` lists the one-way doors the command may cross.
// --force-context only where one cluster is the target (promote goes to each environment's own).
enum class ForceContextFlag { Offer, Omit };
// -o: text and json, and markdown where the command has a review comment to show
enum class RunOutputs { TextJson, WithMarkdown };
void add_run_flags(CLI::App* sub, RunFlags& f, const std::string& doors, ForceContextFlag force = ForceContextFlag::Offer,
                   RunOutputs outputs = RunOutputs::TextJson);

// The RunSpec fields the shared flags decide (durations parsed, flags named in errors).
util::Result<RunSpec> run_spec(engine::Operation operation, const RunFlags& f);

// After the plan was shown: asks for confirmation (or needs --yes), does
// the dry run, or runs the engine (engine/run.h) with live progress, then prints the summary.
// Returns the exit code.
util::Result<int> run_convergence(Target& t, engine::Planned planned, const RunSpec& spec);

}  // namespace vsctl::cli
