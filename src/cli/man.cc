// vsctl __man DIR (hidden): writes vsctl(1) and vsctl-<command>(1) into DIR, for the build
// to install.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/app.h"
#include "cli/man_page.h"
#include "version.h"

namespace fs = std::filesystem;

namespace vsctl::cli {

namespace {

util::Result<int> run_man(const CLI::App& root, const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return util::fail(util::ErrorKind::Io, "cannot create " + dir + ": " + ec.message());
  for (const ManPage& p : man_pages(describe(root), VSCTL_VERSION)) {
    fs::path file = fs::path(dir) / p.file;
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << p.text;
    if (!out) return util::fail(util::ErrorKind::Io, "cannot write " + file.string());
    std::cout << file.string() << "\n";
  }
  return 0;
}

}  // namespace

void add_man(CLI::App& app, Globals&, Registry& reg) {
  auto dir = std::make_shared<std::string>();
  CLI::App* sub = app.add_subcommand("__man", "Write the man pages into DIR");
  sub->group("");  // hidden: the build runs it
  sub->add_option("DIR", *dir, "Where to write vsctl.1 and vsctl-<command>.1")->required();
  const CLI::App& root = app;
  reg.add(sub, [&root, dir] { return run_man(root, *dir); });
}

}  // namespace vsctl::cli
