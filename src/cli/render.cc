#include "cli/app.h"

namespace vsctl::cli {
void add_render(CLI::App&, Globals&, Registry&) {}
}  // namespace vsctl::cli
