#pragma once
// Reading the files a manifest refers to, through an interface so the core never touches the
// disk or git itself: the working tree and a git revision each provide one.
#include <functional>
#include <map>
#include <string>

#include "util/error.h"

namespace vsctl::manifest {

// Reads a file by its path relative to the repository root. A missing file is an error of kind
// Io whose message says so.
using FileReader = std::function<util::Result<std::string>(const std::string& repo_path)>;

// Every text a run has read, by source name, so diagnostics can show the offending line.
using SourceTexts = std::map<std::string, std::string, std::less<>>;

}  // namespace vsctl::manifest
