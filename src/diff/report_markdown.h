#pragma once
// Object diffs as a review comment (-o markdown): what apply would remove or take back called
// out first, a summary table, then one collapsible section per service with its unified
// diffs. Secret values are masked before (k8s::mask_secret), as for every other format. Pure.
#include <span>
#include <string>

#include "diff/report.h"
#include "markdown/markdown.h"

namespace vsctl::diff {

// Common lines around each change in a comment's diffs (three in text and JSON): a review
// comment holds 65,536 characters, and one line places a change well enough.
constexpr std::size_t kMarkdownContext = 1;

// One view of object diffs: the call-outs and the table (`none` when nothing differs) as `top`,
// a section per service that differs, each object's diff from `from_label` to `to_label`.
// `prefix` goes before each section's service name ("drift: ").
markdown::Document view_markdown(std::span<const ServiceSummary> services,
                                 std::span<const ObjectDiff> objects, const std::string& from_label,
                                 const std::string& to_label, const std::string& none,
                                 const std::string& prefix = "");

// The live diff (and with --base, the change and the drift) as one capped document.
std::string report_markdown(const Report& r, const markdown::Cap& cap);

}  // namespace vsctl::diff
