#include "fleet/pipeline.h"

#include <algorithm>

#include "util/strings.h"

namespace vsctl::fleet {

namespace {

Place place_of(const manifest::Architecture& base, const manifest::Environment& e, std::string stage) {
  return {e.name, std::move(stage), e.context, e.ns.empty() ? base.ns : e.ns};
}

}  // namespace

std::vector<Place> places(const manifest::Architecture& base) {
  std::vector<Place> out;
  auto find_env = [&](const std::string& name) -> const manifest::Environment* {
    for (const auto& e : base.environments)
      if (e.name == name) return &e;
    return nullptr;
  };
  for (const auto& st : base.promotion.stages)
    for (const auto& name : st.environments)
      if (const auto* e = find_env(name)) out.push_back(place_of(base, *e, st.name));
  for (const auto& e : base.environments)
    if (std::none_of(out.begin(), out.end(), [&](const Place& p) { return p.environment == e.name; }))
      out.push_back(place_of(base, e, ""));
  return out;
}

std::vector<Place> places_of(const std::vector<Place>& all, const manifest::PromotionStage& stage) {
  std::vector<Place> out;
  for (const auto& name : stage.environments)
    for (const auto& p : all)
      if (p.environment == name) out.push_back(p);
  return out;
}

util::Result<std::size_t> stage_named(const manifest::Promotion& p, std::string_view to) {
  std::vector<std::string> names;
  for (const auto& s : p.stages) names.push_back(s.name);
  for (std::size_t i = 0; i < p.stages.size(); ++i) {
    if (p.stages[i].name != to) continue;
    if (i == 0)
      return util::fail(util::ErrorKind::Usage, "--to " + std::string(to) +
                                                    ": the first stage has no stage before it to promote from; its VersionSets come from the branch (vsctl apply --env ...)");
    return i;
  }
  return util::fail(util::ErrorKind::Usage, "--to " + std::string(to) + ": no such promotion stage (the stages: " + util::join(names, ", ") + ")");
}

}  // namespace vsctl::fleet
