#pragma once
// The manifest file parsed and checked at the top level, before any view is built:
// apiVersion, kind, metadata, spec.namespace, spec.defaults, the services' raw maps and the
// environments' raw overrides. Pure: takes (source_name, text).
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "manifest/model.h"
#include "yaml/parse.h"

namespace vsctl::manifest {

inline constexpr std::string_view kApiVersion = "vsctl.dev/v1";
inline constexpr std::string_view kKind = "Architecture";
inline constexpr std::size_t kMaxManifestBytes = 8u << 20;  // documented in docs/manifest.md
inline constexpr std::size_t kMaxServices = 10'000;         // likewise
inline constexpr std::size_t kMaxEnvironments = 100;        // likewise

struct RawService {
  std::string name;
  const yaml::Node* key = nullptr;
  const yaml::Node* body = nullptr;  // a map, or nullptr when the body was not one
};

struct RawEnvironment {
  Environment env;
  const yaml::Node* key = nullptr;
  const yaml::Node* services = nullptr;  // name -> partial service map
};

struct Document {
  std::string source;
  std::string text;
  yaml::Parsed yaml;
  std::string name;  // metadata.name
  std::string ns;    // spec.namespace
  const yaml::Node* defaults = nullptr;
  std::vector<RawService> services;  // in document order
  std::vector<RawEnvironment> environments;
  Promotion promotion;  // spec.promotion
  bool usable = false;  // the structure is sound enough to build views
};

// Parses and checks the structure; problems go to `diags`.
Document parse_document(std::string_view source_name, std::string_view text, util::Diagnostics& diags);

}  // namespace vsctl::manifest
