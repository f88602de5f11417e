#pragma once
// The fleet of an architecture: its environments in promotion order, each with the cluster
// (context) and namespace it lives in, and the stage promote goes into. Pure: from the manifest.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "manifest/model.h"
#include "util/error.h"

namespace vsctl::fleet {

struct Place {
  std::string environment;
  std::string stage;    // "" when the environment is in no stage
  std::string context;  // "" for the kubeconfig's current context
  std::string ns;       // the namespace of the environment's view
};

// Every environment of `base` (the base view): those of the promotion stages first, in stage
// order, then the others in the manifest's order. Without stages, all of them in the manifest's
// order.
std::vector<Place> places(const manifest::Architecture& base);

// The places of one stage, in the stage's order.
std::vector<Place> places_of(const std::vector<Place>& all, const manifest::PromotionStage& stage);

// The stage named `to`, as an index into `p.stages`; it must have a stage before it (the first
// stage takes its VersionSets from the branch, by apply). A Usage error names the stages.
util::Result<std::size_t> stage_named(const manifest::Promotion& p, std::string_view to);

}  // namespace vsctl::fleet
