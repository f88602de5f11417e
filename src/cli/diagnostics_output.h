#pragma once
// Diagnostics as the user sees them: text with the offending line and a caret (stderr), or
// JSON (stdout) for machines.
#include <string>

#include "manifest/sources.h"
#include "util/diagnostic.h"

namespace vsctl::cli {

// Every diagnostic formatted with its line and caret, coloured when `color`.
std::string format_text(const util::Diagnostics& diags, const manifest::SourceTexts& texts, bool color);

// The same diagnostics with columns in characters (util::character_column), for the formats
// that print no source line (-o json, github, sarif).
util::Diagnostics in_characters(const util::Diagnostics& diags, const manifest::SourceTexts& texts);
using util::count_summary;

}  // namespace vsctl::cli
