#pragma once
// Shell completion scripts generated from the command tree (completion_model.h). Commands,
// options and fixed option values are written into the script; environment and service names
// come from the manifest at completion time through the hidden `vsctl __complete envs|services`,
// revisions from git.
#include <string>

#include "cli/completion_model.h"

namespace vsctl::cli {

std::string bash_completion(const CommandInfo& root);
std::string zsh_completion(const CommandInfo& root);
std::string fish_completion(const CommandInfo& root);

// What a value of `kind` is completed from, as the scripts name it: "choice a b", "file",
// "dir", "env", "service", "rev"; "" for a flag or free text.
std::string kind_word(const OptionInfo& o);

}  // namespace vsctl::cli
