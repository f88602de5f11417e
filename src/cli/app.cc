#include "cli/app.h"

#include <filesystem>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <iostream>

#include "cli/output.h"
#include "cli/signals.h"
#include "util/strings.h"
#include "version.h"

namespace vsctl::cli {

namespace {

constexpr const char* kDescription =
    "vsctl keeps a whole microservice architecture in one manifest under git and converges a\n"
    "Kubernetes cluster to it. Every commit that changes the manifest is a VersionSet.";

constexpr const char* kFooter =
    "Examples:\n"
    "  vsctl validate                 check architecture.yaml in the current repository\n"
    "  vsctl render --env staging     the Kubernetes objects the staging view becomes\n"
    "\n"
    "Exit codes: 0 ok, 1 differences (diff), 2 usage, 3 invalid manifest, 4 git, 5 cluster,\n"
    "6 convergence failed, 7 locked, 8 refused, 130 interrupted.\n"
    "Run 'vsctl COMMAND --help' for a command's options.";

std::vector<std::string> command_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) names.push_back(sub->get_name());
  return names;
}

// The first argument that is neither an option nor an option's value: what the user meant as
// the command.
std::string first_word(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.empty() || a[0] == '-') {
      // options that take a separate value
      if (a == "-C" || a == "-f" || a == "--env" || a == "--kubeconfig" || a == "--context" || a == "-n" ||
          a == "--namespace")
        ++i;
      continue;
    }
    return a;
  }
  return {};
}

// Every command's results go through stdout's one buffer, so whether they all reached their
// file is known here, once for all commands: a failed or short write (a full disk, a file-size
// limit) is an error, never a success that leaves half the output behind. A command that failed
// already keeps its exit code; success and "differences found" become exit 2, like any local
// file vsctl cannot write.
int finish(int code) {
  // The reason of a write that failed earlier is still in errno unless something failed since,
  // which would not have failed for one of these reasons.
  int err = errno;
  if (err != ENOSPC && err != EFBIG && err != EDQUOT && err != EIO && err != EPIPE && err != EROFS && err != EBADF) err = 0;
  errno = 0;
  std::cout.flush();
  if (errno != 0) err = errno;
  errno = 0;
  if (std::fflush(stdout) != 0 && errno != 0) err = errno;
  if (std::cout.good() && !std::ferror(stdout)) return code;
  std::fprintf(stderr, "vsctl: cannot write the output to stdout%s%s; what was written is incomplete\n", err ? ": " : "",
               err ? std::strerror(err) : "");
  return code == 0 || code == 1 ? util::exit_code(util::ErrorKind::Io) : code;
}

int run_parsed(int argc, char** argv);

}  // namespace

void build(CLI::App& app, Globals& g, Registry& reg) {
  app.description(kDescription);
  app.footer(kFooter);
  app.set_version_flag("--version", std::string("vsctl ") + VSCTL_VERSION);
  app.require_subcommand(0, 1);
  app.fallthrough();
  app.add_option("-C", g.dir, "Run as if started in DIR (the repository or a directory inside it)")
      ->type_name("DIR");
  app.add_option("-f,--file", g.file, "The manifest (default: architecture.yaml at the repository root)")
      ->type_name("FILE");
  app.add_option("--env", g.env, "The environment of the manifest to use")->type_name("NAME");
  app.add_option("--kubeconfig", g.kubeconfig, "The kubeconfig file (default: KUBECONFIG, then ~/.kube/config)")
      ->type_name("FILE");
  app.add_option("--context", g.context, "The kubeconfig context (default: the environment's, else the current one)")
      ->type_name("NAME");
  app.add_option("-n,--namespace", g.ns, "The namespace (default: the environment's, else the manifest's)")
      ->type_name("NS");
  app.add_flag("--no-color", g.no_color, "Never colour the output (also: NO_COLOR set)");
  app.add_flag("-v", g.verbose, "More detail on stderr (repeat for more)");
  add_validate(app, g, reg);
  add_render(app, g, reg);
  add_plan(app, g, reg);
  add_apply(app, g, reg);
  add_destroy(app, g, reg);
  add_show(app, g, reg);
  add_log(app, g, reg);
  add_rollback(app, g, reg);
  add_promote(app, g, reg);
  add_veto(app, g, reg);
  add_rollout(app, g, reg);
  add_hook(app, g, reg);
  add_diff(app, g, reg);
  add_reconcile(app, g, reg);
  add_graph(app, g, reg);
  add_completion(app, g, reg);
  add_man(app, g, reg);
  add_status(app, g, reg);
  add_history(app, g, reg);
}

int run(int argc, char** argv) {
  catch_file_size_limit();  // past ulimit -f a write fails, and finish() reports it
  return finish(run_parsed(argc, argv));
}

namespace {

int run_parsed(int argc, char** argv) {
  CLI::App app{"", "vsctl"};
  Globals g;
  Registry reg;
  try {
    build(app, g, reg);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "vsctl: internal error while building the command line: %s\n", e.what());
    return 70;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string word = first_word(argc, argv);
    auto names = command_names(app);
    bool known = false;
    for (const auto& n : names) known = known || n == word;
    if (!word.empty() && !known && app.get_subcommands().empty()) {
      std::fprintf(stderr, "vsctl: unknown command %s%s\nRun 'vsctl --help' for the list of commands.\n",
                   util::quote(word).c_str(), util::did_you_mean(word, names).c_str());
      return 2;
    }
    std::fprintf(stderr, "vsctl: %s\n", e.what());
    std::fprintf(stderr, "Run 'vsctl %s--help' for usage.\n",
                 app.get_subcommands().empty() ? "" : (app.get_subcommands().front()->get_name() + " ").c_str());
    return 2;
  }
  Output::init(g.no_color, g.verbose);
  for (auto& [sub, action] : reg.commands) {
    if (!sub->parsed()) continue;
    try {
      auto r = action();
      if (r) return *r;
      std::fprintf(stderr, "vsctl %s: %s\n", sub->get_name().c_str(), r.error().message.c_str());
      return util::exit_code(r.error().kind);
    } catch (const std::filesystem::filesystem_error& e) {
      // a path given (-C, -f) or found that the system cannot use: a symlink loop, a name too
      // long, no permission. The input's fault, not vsctl's.
      std::string path = e.path1().empty() ? std::string("a path") : e.path1().string();
      std::fprintf(stderr, "vsctl %s: cannot use %s: %s; check the path given with -C or -f\n", sub->get_name().c_str(),
                   util::quote(path).c_str(), e.code().message().c_str());
      return 2;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "vsctl %s: internal error: %s\nPlease report this with the input that caused it.\n",
                   sub->get_name().c_str(), e.what());
      return 70;
    }
  }
  std::cout << app.help();
  return 0;
}

}  // namespace

}  // namespace vsctl::cli
