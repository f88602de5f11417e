// vsctl completion bash|zsh|fish: the shell completion script, generated from the command tree.
// vsctl __complete envs|services|revs|commands (hidden): the names the scripts complete at run
// time.
#include <iostream>
#include <string_view>

#include "cli/app.h"
#include "cli/completion_scripts.h"
#include "cli/workspace.h"
#include "manifest/reader.h"
#include "versionset/git_source.h"

namespace vsctl::cli {

namespace {

struct CompletionOptions {
  std::string shell;
  std::string what;
};

util::Result<int> run_completion(const CLI::App& root, const CompletionOptions& o) {
  CommandInfo tree = describe(root);
  if (o.shell == "bash") std::cout << bash_completion(tree);
  else if (o.shell == "zsh") std::cout << zsh_completion(tree);
  else std::cout << fish_completion(tree);
  return 0;
}

// A word every shell takes as it is, on the command line and in a completion script: letters,
// digits and . _ - / +, not starting with '-'. Names come from the repository (a manifest's
// keys, branch and tag names) and a name like `$(touch${IFS}x)` must never reach a shell that
// might expand it.
bool plain_word(std::string_view w) {
  if (w.empty() || w.front() == '-') return false;
  for (char c : w) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '-' || c == '/' || c == '+';
    if (!ok) return false;
  }
  return true;
}

// HEAD, then the branches and tags of the repository of -C.
void print_revs(const Globals& g) {
  std::cout << "HEAD\n";
  auto src = versionset::GitSource::open(g.dir.empty() ? "." : g.dir);
  if (!src) return;
  for (const auto& name : (*src)->ref_names())
    if (plain_word(name)) std::cout << name << "\n";
}

// Never fails loudly: a shell is completing, and a missing or broken manifest offers nothing.
// Only names the manifest's own checks accept are offered (a service name is a DNS-1035 label,
// an environment name a DNS-1123 label), so a broken manifest offers no name that is not one.
util::Result<int> run_names(const CLI::App& root, const Globals& g, const CompletionOptions& o) {
  if (o.what == "commands") {
    CommandInfo tree = describe(root);
    for (const CommandInfo* c : flatten(tree))
      if (!c->path.empty()) std::cout << c->name() << "\n";
    return 0;
  }
  if (o.what == "revs") {
    print_revs(g);
    return 0;
  }
  auto ws = find_workspace(g);
  if (!ws) return 0;
  auto loaded = load_worktree(*ws, "");
  if (!loaded || !loaded->view) return 0;
  if (o.what == "envs") {
    for (const auto& e : loaded->view->environments)
      if (manifest::is_dns1123_label(e.name)) std::cout << e.name << "\n";
  } else {
    for (const auto& s : loaded->view->services)
      if (manifest::is_dns1035_label(s.name)) std::cout << s.name << "\n";
  }
  return 0;
}

}  // namespace

void add_completion(CLI::App& app, Globals& g, Registry& reg) {
  auto opts = std::make_shared<CompletionOptions>();
  CLI::App* sub = app.add_subcommand("completion", "Print the shell completion script for bash, zsh or fish");
  sub->add_option("SHELL", opts->shell, "The shell")->required()->check(CLI::IsMember({"bash", "zsh", "fish"}));
  sub->footer(
      "Commands, options and fixed option values are in the script; environment and service\n"
      "names are read from the manifest as you type (-C and -f on the line are honoured), and\n"
      "revisions from git. Candidates are never expanded by the shell, and only names the manifest\n"
      "accepts (and branch and tag names of letters, digits and . _ - / +) are offered.\n"
      "`cmake --install` puts the scripts where each shell finds them.\n\n"
      "Examples:\n"
      "  source <(vsctl completion bash)                       this shell only\n"
      "  vsctl completion bash > ~/.local/share/bash-completion/completions/vsctl\n"
      "  vsctl completion zsh > \"${fpath[1]}/_vsctl\"\n"
      "  vsctl completion fish > ~/.config/fish/completions/vsctl.fish");
  const CLI::App& root = app;
  reg.add(sub, [&root, opts] { return run_completion(root, *opts); });

  CLI::App* names = app.add_subcommand("__complete", "Names for the completion scripts");
  names->group("");  // hidden
  names->add_option("WHAT", opts->what, "envs, services, revs or commands")
      ->required()
      ->check(CLI::IsMember({"envs", "services", "revs", "commands"}));
  reg.add(names, [&root, &g, opts] { return run_names(root, g, *opts); });
}

}  // namespace vsctl::cli
