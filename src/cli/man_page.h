#pragma once
// Man pages in roff, generated from the command tree (completion_model.h): vsctl(1) lists every
// command and the global options; vsctl-<command>(1) describes one command, its options, notes
// and examples. Pure: the caller writes the files.
#include <string>
#include <string_view>
#include <vector>

#include "cli/completion_model.h"

namespace vsctl::cli {

struct ManPage {
  std::string file;  // "vsctl-show.1"
  std::string text;
};

std::vector<ManPage> man_pages(const CommandInfo& root, std::string_view version);

// `text` safe in a roff text line: backslashes doubled as \e, a leading . or ' guarded, hyphens
// kept as hyphens (\-) so that options can be searched for and copied.
std::string roff_escape(std::string_view text);

}  // namespace vsctl::cli
