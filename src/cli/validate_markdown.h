#pragma once
// vsctl validate -o markdown: the result as a review comment. What makes the VersionSet invalid
// and what it breaks of the base called out first, a summary table, then one collapsible
// section per service with its findings as the text output shows them (line and caret).
#include <string>

#include "manifest/sources.h"
#include "markdown/markdown.h"
#include "util/diagnostic.h"

namespace vsctl::cli {

struct ValidateResult {
  std::string source;  // "architecture.yaml", "1a2b3c4:architecture.yaml"
  bool read = false;   // the manifest was read far enough to count its services
  std::size_t services = 0, environments = 0;
  std::string base;       // --base REV, "" without it
  std::string base_note;  // "breaks nothing of main (1a2b3c4)", "main has no manifest: every service is new"
};

// The service a finding is about: NAME where its message starts with "services.NAME" (after an
// environment's 'environment "E": '), else "" (the architecture as a whole).
std::string service_of(const util::Diagnostic& d);

std::string validate_markdown(const ValidateResult& r, const util::Diagnostics& diags,
                              const manifest::SourceTexts& texts, const markdown::Cap& cap);

}  // namespace vsctl::cli
