#pragma once
// Diagnostics for code review tools: SARIF 2.1.0 (GitHub code scanning and other SARIF
// consumers) and GitHub Actions workflow commands (`::error file=...,line=...,col=...::msg`),
// which show as annotations on the lines of a pull request. Paths are relative to the
// repository root; the "<short-sha>:" of git sources is dropped.
#include <string>

#include "util/diagnostic.h"

namespace vsctl::cli {

std::string format_sarif(const util::Diagnostics& diags, const std::string& tool_version);
std::string format_github(const util::Diagnostics& diags);

// "1a2b3c4:deploy/architecture.yaml" -> "deploy/architecture.yaml"; other names unchanged.
std::string repo_path_of(const std::string& source);

}  // namespace vsctl::cli
