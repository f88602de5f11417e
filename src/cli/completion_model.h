#pragma once
// The command tree as plain data, read once from the CLI11 tree: every visible command with its
// options, positionals and the kind of value each takes. Completion scripts, man pages and the
// command reference are all generated from it, so a command registered in app.cc appears in
// each of them without further edits. Hidden commands (an empty group) are left out.
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace vsctl::cli {

// What a value is completed from.
enum class ValueKind {
  None,     // a flag: no value
  Any,      // free text
  Choice,   // one of a fixed set (CLI::IsMember)
  File,     // a path
  Dir,      // a directory
  Env,      // an environment of the manifest
  Service,  // a service of the manifest (also SERVICE@VERSION)
  Rev,      // a git revision
};

struct OptionInfo {
  std::vector<std::string> names;    // "-o", "--output"; the bare name for a positional
  std::string value_name;            // "FORMAT", "DIR"...; empty for a flag
  ValueKind kind = ValueKind::None;
  std::vector<std::string> choices;  // kind == Choice
  std::string help;
  bool repeatable = false;  // a positional that takes several values (SERVICE...)
  bool required = false;
};

struct CommandInfo {
  std::vector<std::string> path;  // {"hook", "install"}; empty for the root
  std::string description;
  std::string footer;
  std::vector<OptionInfo> options;      // this command's own, --help included
  std::vector<OptionInfo> positionals;  // in order
  std::vector<CommandInfo> subcommands;
  bool needs_subcommand = false;

  std::string name() const;       // "hook install"; "" for the root
  std::string file_name() const;  // "vsctl-hook-install"; "vsctl" for the root
};

CommandInfo describe(const CLI::App& app);

// The root first, then every command depth first in registration order.
std::vector<const CommandInfo*> flatten(const CommandInfo& root);

// The usage line: "vsctl hook install [OPTIONS]", "vsctl show [OPTIONS] [REV]".
std::string usage(const CommandInfo& c);

// The footer split at its "Examples:" line: the notes before it and the example lines after it
// (indentation removed).
struct Footer {
  std::string notes;
  std::vector<std::string> examples;
};
Footer split_footer(const std::string& footer);

}  // namespace vsctl::cli
