#include "cli/diagnostics_formats.h"

#include <map>

#include <nlohmann/json.hpp>

#include "util/printable.h"

namespace vsctl::cli {

namespace {

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

// Workflow command escaping: the message, and (with `property`) a property value.
std::string escape(const std::string& raw, bool property) {
  // other control characters (ESC, BEL) become \xNN first: a log viewer shows them as written
  std::string s = util::printable(raw, util::Newlines::Keep);
  std::string out;
  for (char c : s) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      case ':': out += property ? "%3A" : ":"; break;
      case ',': out += property ? "%2C" : ","; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

std::string repo_path_of(const std::string& source) {
  auto colon = source.find(':');
  if (colon < 7 || colon > 40) return source;
  for (std::size_t i = 0; i < colon; ++i)
    if (!is_hex(source[i])) return source;
  return source.substr(colon + 1);
}

std::string format_sarif(const util::Diagnostics& diags, const std::string& tool_version) {
  using Json = nlohmann::json;
  std::map<std::string, std::string> rules;  // code -> a message of it, for the rule's description
  Json results = Json::array();
  for (const auto& d : diags.items()) {
    std::string code = d.code.empty() ? "vsctl" : d.code;
    rules.emplace(code, d.message);
    Json physical = {{"artifactLocation", {{"uri", util::percent_encode(repo_path_of(d.loc.source), "/")}}}};
    if (d.loc.line > 0) {
      physical["region"] = {{"startLine", d.loc.line}};
      if (d.loc.col > 0) physical["region"]["startColumn"] = d.loc.col;
    }
    results.push_back({{"ruleId", code},
                       {"level", d.severity == util::Severity::Error ? "error" : "warning"},
                       {"message", {{"text", d.message}}},
                       {"locations", Json::array({{{"physicalLocation", physical}}})}});
  }
  Json rule_list = Json::array();
  for (const auto& [code, example] : rules)
    rule_list.push_back({{"id", code}, {"name", code}, {"shortDescription", {{"text", code}}},
                         {"helpUri", "https://vsctl.dev/docs/manifest"}});
  Json sarif = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                {"version", "2.1.0"},
                {"runs", Json::array({{{"tool", {{"driver", {{"name", "vsctl"},
                                                             {"version", tool_version},
                                                             {"informationUri", "https://vsctl.dev"},
                                                             {"rules", rule_list}}}}},
                                       {"results", results}}})}};
  return sarif.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string format_github(const util::Diagnostics& diags) {
  std::string out;
  for (const auto& d : diags.items()) {
    out += d.severity == util::Severity::Error ? "::error " : "::warning ";
    out += "file=" + escape(repo_path_of(d.loc.source), true);
    if (d.loc.line > 0) {
      out += ",line=" + std::to_string(d.loc.line);
      if (d.loc.col > 0) out += ",col=" + std::to_string(d.loc.col);
    }
    if (!d.code.empty()) out += ",title=" + escape("vsctl " + d.code, true);
    out += "::" + escape(d.message, false) + "\n";
  }
  return out;
}

}  // namespace vsctl::cli
