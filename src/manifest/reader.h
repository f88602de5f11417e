#pragma once
// Typed reads from a located YAML tree. Every problem becomes a diagnostic at the node's
// position, and reading goes on, so one pass reports everything.
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "util/diagnostic.h"
#include "yaml/node.h"

namespace vsctl::manifest {

class Reader {
 public:
  Reader(std::string_view source, util::Diagnostics& diags) : source_(source), diags_(diags) {}

  util::SourceLoc at(const yaml::Node& n) const { return {source_, n.line, n.col}; }
  const std::string& source() const { return source_; }
  util::Diagnostics& diags() { return diags_; }

  void error(const yaml::Node& n, std::string code, std::string msg) { diags_.error(at(n), std::move(code), std::move(msg)); }
  void warning(const yaml::Node& n, std::string code, std::string msg) {
    diags_.warning(at(n), std::move(code), std::move(msg));
  }

  // True when `n` is a map; else an error "WHAT must be a map, not ..." (null counts as absent).
  bool is_map(const yaml::Node* n, std::string_view what);
  bool is_seq(const yaml::Node* n, std::string_view what);
  // Reports every key of `map` not in `known`, with a did-you-mean.
  void known_fields(const yaml::Node& map, std::span<const std::string> known, std::string_view what);
  // Reports every key in `required` that `map` lacks (at the map's position).
  void required_fields(const yaml::Node& map, std::span<const std::string> required, std::string_view what);

  std::optional<std::string> str(const yaml::Node* n, std::string_view what);
  std::optional<long long> integer(const yaml::Node* n, std::string_view what, long long lo, long long hi);
  std::optional<bool> boolean(const yaml::Node* n, std::string_view what);
  // "30s", "5m", "1h30m", "250ms" (rounded up to whole seconds) or a whole number of seconds.
  std::optional<int> seconds(const yaml::Node* n, std::string_view what);
  std::vector<std::string> str_list(const yaml::Node* n, std::string_view what);
  std::map<std::string, std::string> str_map(const yaml::Node* n, std::string_view what);
  // One of `choices`; else an error listing them.
  std::optional<std::string> one_of(const yaml::Node* n, std::string_view what, std::span<const std::string> choices);

 private:
  std::string source_;
  util::Diagnostics& diags_;
};

// Parses "1h30m", "5s", "250ms" (or a whole number of seconds) into whole seconds, rounded up;
// nullopt when malformed.
std::optional<long long> parse_duration_s(std::string_view text);
// Parses "30m", "1h30m", "90s", "250ms" into milliseconds: numbers each with a unit ms, s, m or
// h, at most 100,000,000 each; nullopt when malformed, a bare number included.
std::optional<long long> parse_duration_ms(std::string_view text);

bool is_dns1035_label(std::string_view s);
bool is_dns1123_label(std::string_view s);
bool is_dns1123_subdomain(std::string_view s);
bool is_env_var_name(std::string_view s);

}  // namespace vsctl::manifest
