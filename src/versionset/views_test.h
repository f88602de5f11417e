#pragma once
// Test helper: the base view of a manifest with the given `services:` block.
#include <doctest/doctest.h>

#include <string>

#include "manifest/load.h"

namespace vsctl::versionset::testing {

inline manifest::Architecture view(const std::string& services) {
  manifest::LoadRequest req;
  req.source_name = "architecture.yaml";
  req.text = "apiVersion: vsctl.dev/v1\nkind: Architecture\nmetadata:\n  name: shop\nspec:\n  services:\n" + services;
  auto loaded = manifest::load(req);
  REQUIRE(loaded.view);
  return *loaded.view;
}

}  // namespace vsctl::versionset::testing
