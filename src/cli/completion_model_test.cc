#include "cli/completion_model.h"

#include <doctest/doctest.h>

#include "cli/app.h"
#include "cli/completion_scripts.h"
#include "cli/man_page.h"

namespace vsctl::cli {

namespace {

// A small tree shaped like vsctl's: global options, a command with a fixed-choice option and a
// revision, a command with a subcommand, a hidden command.
struct Small {
  CLI::App app{"root", "vsctl"};
  std::string dir, env, out, rev, shell;
  std::vector<std::string> services;
  bool flag = false;
  Small() {
    app.add_option("-C", dir, "Run in DIR")->type_name("DIR");
    app.add_option("--env", env, "The environment")->type_name("NAME");
    CLI::App* show = app.add_subcommand("show", "Show one VersionSet");
    show->add_option("REV", rev, "A git revision");
    show->add_option("-o,--output", out, "Output format")->check(CLI::IsMember({"text", "json"}));
    show->footer("Notes about show.\n\nExamples:\n  vsctl show        the working tree\n  vsctl show HEAD~1");
    CLI::App* hook = app.add_subcommand("hook", "Git hooks");
    hook->require_subcommand(1);
    CLI::App* install = hook->add_subcommand("install", "Install a hook");
    install->add_flag("--pre-push", flag, "A pre-push hook");
    CLI::App* rb = app.add_subcommand("rollback", "Roll back");
    rb->add_option("SERVICE", services, "Services");
    CLI::App* hidden = app.add_subcommand("__complete", "hidden");
    hidden->group("");
  }
};

const OptionInfo* find(const std::vector<OptionInfo>& opts, const std::string& name) {
  for (const auto& o : opts)
    for (const auto& n : o.names)
      if (n == name) return &o;
  return nullptr;
}

}  // namespace

TEST_CASE("completion model: commands, options, choices and value kinds from the CLI11 tree") {
  Small s;
  CommandInfo root = describe(s.app);
  REQUIRE(root.subcommands.size() == 3);  // the hidden one left out
  CHECK(root.subcommands[0].name() == "show");
  CHECK(root.subcommands[1].subcommands.at(0).name() == "hook install");
  CHECK(root.subcommands[1].subcommands.at(0).file_name() == "vsctl-hook-install");
  CHECK(root.subcommands[1].needs_subcommand);
  CHECK(find(root.options, "-C")->kind == ValueKind::Dir);
  CHECK(find(root.options, "--env")->kind == ValueKind::Env);
  const CommandInfo& show = root.subcommands[0];
  const OptionInfo* o = find(show.options, "--output");
  REQUIRE(o);
  CHECK(o->names == std::vector<std::string>{"-o", "--output"});
  CHECK(o->kind == ValueKind::Choice);
  CHECK(o->choices == std::vector<std::string>{"text", "json"});
  CHECK(find(show.options, "--help")->kind == ValueKind::None);
  REQUIRE(show.positionals.size() == 1);
  CHECK(show.positionals[0].kind == ValueKind::Rev);
  CHECK(root.subcommands[2].positionals.at(0).kind == ValueKind::Service);
  CHECK(root.subcommands[2].positionals.at(0).repeatable);
  CHECK(usage(show) == "vsctl show [OPTIONS] [REV]");
  CHECK(usage(root.subcommands[1]) == "vsctl hook [OPTIONS] COMMAND");
  CHECK(usage(root.subcommands[2]) == "vsctl rollback [OPTIONS] [SERVICE...]");
  CHECK(flatten(root).size() == 5);
}

TEST_CASE("completion model: a footer splits into notes and examples") {
  Footer f = split_footer("Notes about show.\n\nExamples:\n  vsctl show        the working tree\n  vsctl show HEAD~1\n\nExit codes: 0 ok.");
  CHECK(f.notes == "Notes about show.\n\nExit codes: 0 ok.");
  CHECK(f.examples == std::vector<std::string>{"vsctl show        the working tree", "vsctl show HEAD~1"});
}

TEST_CASE("completion scripts: the data the shells read") {
  Small s;
  CommandInfo root = describe(s.app);
  std::string bash = bash_completion(root);
  CHECK(bash.find("    '') echo 'show hook rollback' ;;\n") != std::string::npos);
  CHECK(bash.find("    'show -o'|'show --output') echo 'choice text json' ;;\n") != std::string::npos);
  CHECK(bash.find("    ' --env') echo 'env' ;;\n") != std::string::npos);
  CHECK(bash.find("__complete") != std::string::npos);  // the names helper, not as a command
  CHECK(bash.find("'show hook rollback __complete'") == std::string::npos);
  CHECK(bash.find("complete -F _vsctl vsctl\n") != std::string::npos);
  std::string fish = fish_completion(root);
  CHECK(fish.find("complete -c vsctl -n '__vsctl_at \\'show\\'' -s 'o' -l 'output' -x -a 'text json' -d 'Output format'\n") !=
        std::string::npos);
  CHECK(fish.find("complete -c vsctl -n '__vsctl_positional \\'rollback\\' 0 more' -x -a '(__vsctl_names services)'\n") !=
        std::string::npos);
  CHECK(zsh_completion(root).rfind("#compdef vsctl\n", 0) == 0);
}

TEST_CASE("man pages: one per command, with synopsis, options and examples") {
  Small s;
  auto pages = man_pages(describe(s.app), "1.2.3");
  REQUIRE(pages.size() == 5);
  CHECK(pages[0].file == "vsctl.1");
  CHECK(pages[1].file == "vsctl-show.1");
  const std::string& show = pages[1].text;
  CHECK(show.find(".TH \"VSCTL-SHOW\" 1 \"\" \"vsctl 1.2.3\" \"vsctl Manual\"\n") != std::string::npos);
  CHECK(show.find(".SH NAME\nvsctl\\-show \\- Show one VersionSet\n") != std::string::npos);
  CHECK(show.find(".TP\n\\fB\\-o\\fR, \\fB\\-\\-output\\fR \\fITEXT\\fR\nOutput format (one of: text, json)\n") !=
        std::string::npos);
  CHECK(show.find(".SH EXAMPLES\n.nf\n.RS 4\nvsctl show        the working tree\nvsctl show HEAD~1\n") != std::string::npos);
  CHECK(roff_escape(".dot and \\ back") == "\\&.dot and \\e back");
}

TEST_CASE("every vsctl command's --help has an Examples section") {
  CLI::App app{"", "vsctl"};
  Globals g;
  Registry reg;
  build(app, g, reg);
  const CommandInfo tree = describe(app);
  for (const CommandInfo* c : flatten(tree)) {
    if (!c->subcommands.empty() && c->needs_subcommand) continue;  // a group: its commands have them
    const std::string name = "vsctl " + c->name();
    INFO(name);
    CHECK(!split_footer(c->footer).examples.empty());
  }
}

}  // namespace vsctl::cli
