#pragma once
// Diagnostics as the user sees them: text with the offending line and a caret (stderr), or
// JSON (stdout) for machines.
#include <string>

#include "manifest/sources.h"
#include "util/diagnostic.h"

namespace vsctl::cli {

// Every diagnostic formatted with its line and caret, coloured when `color`.
std::string format_text(const util::Diagnostics& diags, const manifest::SourceTexts& texts, bool color);
// "2 errors, 1 warning".
std::string count_summary(const util::Diagnostics& diags);

}  // namespace vsctl::cli
