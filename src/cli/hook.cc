// vsctl hook install: a git pre-commit (or pre-push) hook that runs vsctl validate. Idempotent;
// an existing hook that is not vsctl's is kept and run first (renamed to <hook>.local), never
// overwritten.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/app.h"
#include "cli/git_workspace.h"
#include "util/strings.h"

namespace fs = std::filesystem;

namespace vsctl::cli {

namespace {

constexpr const char* kMarker = "# vsctl-hook: managed by 'vsctl hook install'";

struct HookOptions {
  bool pre_push = false;
};

// Single-quoted for sh.
std::string sh_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string preamble(const std::string& name, const std::string& vsctl_path, const std::string& manifest_path) {
  return "#!/bin/sh\n" + std::string(kMarker) +
         "\n# Runs vsctl validate on the architecture manifest; remove this file to uninstall. A hook that\n"
         "# was here before is kept as " + name + ".local and runs first.\n"
         "hook_dir=$(dirname \"$0\")\n"
         "manifest=" + sh_quote(manifest_path) + "  # relative to the repository root\n"
         "vsctl=${VSCTL:-" + sh_quote(vsctl_path) + "}\n"
         "[ -x \"$vsctl\" ] || vsctl=vsctl  # the binary that installed the hook is gone: the one on PATH\n"
         "validate() { \"$vsctl\" -f \"$manifest\" validate \"$@\"; }\n";
}

std::string pre_commit_script(const std::string& vsctl_path, const std::string& manifest_path) {
  return preamble("pre-commit", vsctl_path, manifest_path) +
         "if [ -x \"$hook_dir/pre-commit.local\" ]; then\n"
         "  \"$hook_dir/pre-commit.local\" \"$@\" || exit $?\n"
         "fi\n"
         "[ -f \"$manifest\" ] || exit 0  # no manifest here: nothing to check\n"
         "if git rev-parse -q --verify HEAD >/dev/null; then\n"
         "  validate --base HEAD\n"
         "else\n"
         "  validate\n"
         "fi\n";
}

std::string pre_push_script(const std::string& vsctl_path, const std::string& manifest_path) {
  return preamble("pre-push", vsctl_path, manifest_path) +
         "input=$(cat)\n"
         "if [ -x \"$hook_dir/pre-push.local\" ]; then\n"
         "  printf '%s\\n' \"$input\" | \"$hook_dir/pre-push.local\" \"$@\" || exit $?\n"
         "fi\n"
         "zero=0000000000000000000000000000000000000000\n"
         "status=0\n"
         "while read -r local_ref local_sha remote_ref remote_sha; do\n"
         "  [ -n \"$local_sha\" ] && [ \"$local_sha\" != \"$zero\" ] || continue  # nothing pushed, or a deletion\n"
         "  git cat-file -e \"$local_sha:$manifest\" 2>/dev/null || continue     # no manifest there\n"
         "  if [ \"$remote_sha\" != \"$zero\" ] && git cat-file -e \"$remote_sha:$manifest\" 2>/dev/null; then\n"
         "    validate \"$local_sha\" --base \"$remote_sha\" || status=$?\n"
         "  else\n"
         "    validate \"$local_sha\" || status=$?\n"
         "  fi\n"
         "done <<EOF\n"
         "$input\n"
         "EOF\n"
         "exit $status\n";
}

util::Result<std::string> read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return util::fail(util::ErrorKind::Io, "cannot read " + p.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

util::Result<void> write_executable(const fs::path& p, const std::string& text) {
  fs::path tmp = p;
  tmp += ".vsctl-tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) return util::fail(util::ErrorKind::Io, "cannot write " + tmp.string());
  }
  std::error_code ec;
  fs::permissions(tmp, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec | fs::perms::others_read |
                           fs::perms::others_exec, ec);
  if (!ec) fs::rename(tmp, p, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return util::fail(util::ErrorKind::Io, "cannot install " + p.string() + ": " + ec.message());
  }
  return {};
}

util::Result<int> run_install(const Globals& g, const HookOptions& o) {
  VSCTL_TRY(gw, open_git_workspace(g));
  const std::string name = o.pre_push ? "pre-push" : "pre-commit";
  fs::path dir = gw.src->hooks_dir();
  fs::path hook = dir / name;
  fs::path local = dir / (name + ".local");
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return util::fail(util::ErrorKind::Io, "cannot create the hooks directory " + dir.string() + ": " + ec.message());
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  std::string vsctl_path = ec ? std::string("vsctl") : self.string();
  std::string script = o.pre_push ? pre_push_script(vsctl_path, gw.manifest_path) : pre_commit_script(vsctl_path, gw.manifest_path);

  std::string note;
  if (fs::is_symlink(hook, ec) || fs::exists(hook, ec)) {
    std::string existing;
    if (fs::is_regular_file(hook, ec) && !fs::is_symlink(hook, ec)) {
      VSCTL_TRY(text, read_text(hook));
      existing = std::move(text);
    }
    if (existing.find(kMarker) != std::string::npos) {
      if (existing == script) {
        std::cout << "the vsctl " << name << " hook is already installed: " << hook.string() << "\n";
        return 0;
      }
      note = " (updated)";
    } else {
      if (fs::exists(local, ec) || fs::is_symlink(local, ec))
        return util::fail(util::ErrorKind::Refused, hook.string() + " is not vsctl's and " + local.string() +
                                                        " exists too; merge them by hand, then run vsctl hook install again");
      fs::rename(hook, local, ec);
      if (ec) return util::fail(util::ErrorKind::Io, "cannot move " + hook.string() + " aside: " + ec.message());
      note = "; the hook that was there is kept as " + local.filename().string() + " and runs first";
    }
  }
  VSCTL_CHECK(write_executable(hook, script));
  std::cout << "installed the vsctl " << name << " hook: " << hook.string() << note << "\n";
  return 0;
}

}  // namespace

void add_hook(CLI::App& app, Globals& g, Registry& reg) {
  CLI::App* hook = app.add_subcommand("hook", "Git hooks that run vsctl validate");
  hook->require_subcommand(1);
  auto opts = std::make_shared<HookOptions>();
  CLI::App* install = hook->add_subcommand("install", "Install a pre-commit (or pre-push) hook that runs vsctl validate");
  install->add_flag("--pre-push", opts->pre_push, "A pre-push hook instead: validates each pushed commit against the remote's");
  install->footer(
      "pre-commit runs `vsctl validate --base HEAD` on the working tree; pre-push runs\n"
      "`vsctl validate SHA --base REMOTE_SHA` for each pushed branch. Installing again updates the\n"
      "hook. An existing hook that is not vsctl's is kept as <hook>.local and run first. The hook\n"
      "goes where git runs hooks from (core.hooksPath if set). With the pre-commit framework, use the\n"
      "vsctl-validate hook of .pre-commit-hooks.yaml instead.\n\n"
      "Examples:\n"
      "  vsctl hook install\n"
      "  vsctl hook install --pre-push");
  reg.add(install, [&g, opts] { return run_install(g, *opts); });
}

}  // namespace vsctl::cli
