#include "cli/validate_markdown.h"

#include <map>

#include "cli/diagnostics_output.h"
#include "versionset/breaks.h"

namespace vsctl::cli {

namespace {

bool is_break(const util::Diagnostic& d) {
  return d.code == versionset::kRemovedDependency || d.code == versionset::kRangeBreaks ||
         d.code == versionset::kVersionBreaks || d.code == versionset::kDowngradeBreaks;
}

std::string counts(std::size_t errors, std::size_t warnings) {
  auto n = [](std::size_t k, const char* one, const char* many) {
    return std::to_string(k) + (k == 1 ? one : many);
  };
  if (errors && warnings) return n(errors, " error, ", " errors, ") + n(warnings, " warning", " warnings");
  if (errors) return n(errors, " error", " errors");
  return n(warnings, " warning", " warnings");
}

std::string label(const std::string& service) {
  return service.empty() ? "(architecture)" : service;
}

}  // namespace

std::string service_of(const util::Diagnostic& d) {
  std::string_view m = d.message;
  if (m.rfind("environment \"", 0) == 0) {
    auto end = m.find("\": ");
    if (end == std::string_view::npos) return "";
    m.remove_prefix(end + 3);
  }
  constexpr std::string_view kPrefix = "services.";
  if (m.rfind(kPrefix, 0) != 0) return "";
  m.remove_prefix(kPrefix.size());
  auto end = m.find_first_of(".:[ ");
  return std::string(m.substr(0, end));
}

std::string validate_markdown(const ValidateResult& r, const util::Diagnostics& diags,
                              const manifest::SourceTexts& texts, const markdown::Cap& cap) {
  bool valid = !diags.has_errors();
  markdown::Document doc;
  doc.top = "### vsctl validate: " + markdown::text(r.source) + "\n\n";
  std::size_t breaks = 0;
  for (const auto& d : diags.items()) breaks += is_break(d) ? 1 : 0;
  if (!valid)
    doc.top += "> **Invalid:** " + counts(diags.error_count(), 0) +
               ": vsctl renders and applies nothing of this VersionSet until " +
               (diags.error_count() == 1 ? "it is" : "they are") + " fixed.\n";
  if (breaks > 0)
    doc.top += std::string(valid ? "" : ">\n") + "> **Breaks " + markdown::text(r.base) + ":** " +
               std::to_string(breaks) + (breaks == 1 ? " finding says" : " findings say") +
               " what the change breaks of it.\n";
  if (!valid || breaks > 0) doc.top += "\n";
  std::vector<std::string> header = {"Result", "Services", "Environments", "Errors", "Warnings"};
  std::vector<std::string> row = {valid ? "valid" : "invalid", r.read ? std::to_string(r.services) : "",
                                  r.read ? std::to_string(r.environments) : "",
                                  std::to_string(diags.error_count()), std::to_string(diags.warning_count())};
  if (!r.base.empty()) {
    header.push_back("Base");
    row.push_back(r.base_note);
  }
  doc.top += markdown::table(header, {row}) + "\n";

  // findings by service, in the order they come
  std::vector<std::string> order;
  std::map<std::string, util::Diagnostics> by_service;
  for (const auto& d : diags.items()) {
    std::string s = service_of(d);
    if (!by_service.count(s)) order.push_back(s);
    by_service[s].add(d);
  }
  if (order.empty()) {
    doc.top += "No findings.\n";
    return markdown::render(doc, cap);
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& s : order) {
    const auto& found = by_service[s];
    rows.push_back({label(s), std::to_string(found.error_count()), std::to_string(found.warning_count())});
  }
  doc.top += markdown::table({"Service", "Errors", "Warnings"}, rows) + "\n";
  for (const auto& s : order) {  // open where there are errors
    const auto& found = by_service[s];
    doc.sections.push_back(markdown::details(
        "<b>" + markdown::html(label(s)) + "</b>: " + counts(found.error_count(), found.warning_count()),
        markdown::code_block(format_text(found, texts, false)), found.has_errors()));
  }
  return markdown::render(doc, cap);
}

}  // namespace vsctl::cli
