#include "versionset/rollback.h"

#include <algorithm>
#include <limits>
#include <optional>
#include <set>
#include <unordered_map>

#include "manifest/graph.h"
#include "semver/range.h"
#include "semver/version.h"
#include "util/strings.h"

namespace vsctl::versionset {

namespace {

enum class State { Free, Named, Moved };

struct Violation {
  std::size_t dependent = 0;
  std::optional<std::size_t> dependency;  // empty: the service it names does not exist
  const std::string* dep_name = nullptr;
  const std::string* range = nullptr;
  bool operator<(const Violation& o) const {
    return std::make_pair(dependent, dependency.value_or(std::numeric_limits<std::size_t>::max())) <
           std::make_pair(o.dependent, o.dependency.value_or(std::numeric_limits<std::size_t>::max()));
  }
};

class Solver {
 public:
  explicit Solver(const RollbackRequest& req) : req_(req) {
    for (const auto& s : req.services) order_.push_back(&s);
    std::sort(order_.begin(), order_.end(), [](auto* a, auto* b) { return a->service < b->service; });
    for (std::size_t i = 0; i < order_.size(); ++i) index_.emplace(order_[i]->service, i);
    choice_.resize(order_.size());
    rank_.assign(order_.size(), 0);
    state_.assign(order_.size(), State::Free);
    options_.resize(order_.size());
    dependents_.resize(order_.size());
    for (std::size_t i = 0; i < order_.size(); ++i) {
      choice_[i] = &order_[i]->current;
      options_[i] = older_versions(*order_[i]);
      auto note = [&](const Candidate& c) {
        for (const auto& [d, r] : c.depends_on)
          if (auto it = index_.find(d); it != index_.end()) dependents_[it->second].insert(i);
      };
      note(order_[i]->current);
      for (const auto& c : order_[i]->earlier) note(c);
    }
  }

  tl::expected<RollbackPlan, RollbackConflict> run() {
    if (auto e = check_current()) return tl::unexpected(std::move(*e));
    for (const auto& [name, version] : req_.targets) {
      auto it = index_.find(name);
      if (it == index_.end())
        return conflict("there is no service " + util::quote(name) + " in the current VersionSet");
      std::size_t i = it->second;
      const ServiceVersions& s = *order_[i];
      const Candidate* c = s.current.version == version ? &s.current : nullptr;
      for (const auto& e : s.earlier)
        if (!c && e.version == version) c = &e;
      if (!c) return conflict(name + " never had version " + util::quote(version) + " in the history given");
      state_[i] = State::Named;
      choice_[i] = c;
    }
    std::size_t free = 0;
    for (auto st : state_) free += st == State::Free ? 1 : 0;
    for (limit_ = 0; limit_ <= free && !best_ && steps_ <= req_.budget; ++limit_) search(0, 0);
    if (steps_ > req_.budget) {
      RollbackConflict c;
      c.budget_exceeded = true;
      c.steps = steps_;
      c.message = "the search for a consistent rollback gave up after " + std::to_string(req_.budget) +
                  " steps; name more of the services to move, or roll back with --to REV";
      return tl::unexpected(std::move(c));
    }
    if (!best_) {
      RollbackConflict c;
      c.steps = steps_;
      c.message = "no consistent VersionSet has " + named_list() +
                  ": every combination of the versions in history breaks a dependency range";
      c.details = dead_ends_;
      return tl::unexpected(std::move(c));
    }
    return plan();
  }

 private:
  tl::expected<RollbackPlan, RollbackConflict> conflict(std::string message) {
    RollbackConflict c;
    c.message = std::move(message);
    return tl::unexpected(std::move(c));
  }

  std::optional<RollbackConflict> check_current() {
    for (std::size_t i = 0; i < order_.size(); ++i) {
      for (const auto& v : violations_of(i)) {
        RollbackConflict c;
        c.message = "the current VersionSet is not consistent, so no rollback can be planned from it: " + describe(v) +
                    "; fix it first (vsctl validate shows it)";
        return c;
      }
    }
    return std::nullopt;
  }

  const semver::Range* range(const std::string& text) {
    auto it = ranges_.find(text);
    if (it == ranges_.end()) {
      auto r = semver::Range::parse(text);
      it = ranges_.emplace(text, r ? std::optional<semver::Range>(std::move(*r)) : std::nullopt).first;
    }
    return it->second ? &*it->second : nullptr;
  }

  bool admits(const std::string& range_text, const std::string& version) {
    const semver::Range* r = range(range_text);
    return r && r->admits(version);
  }

  // The ranges of service i's chosen definition that its dependencies' chosen versions break.
  std::vector<Violation> violations_of(std::size_t i) {
    std::vector<Violation> out;
    for (const auto& [d, r] : choice_[i]->depends_on) {
      auto it = index_.find(d);
      if (it == index_.end()) {
        out.push_back({i, std::nullopt, &d, &r});
      } else if (!admits(r, choice_[it->second]->version)) {
        out.push_back({i, it->second, &d, &r});
      }
    }
    return out;
  }

  // Every violation touching a service that is not at its current version (the current
  // VersionSet is consistent, so only those can break), sorted by dependent, then dependency.
  std::vector<Violation> violations() {
    std::vector<Violation> out;
    for (std::size_t i = 0; i < order_.size(); ++i) {
      if (choice_[i] == &order_[i]->current) continue;
      for (const auto& v : violations_of(i)) out.push_back(v);
      for (std::size_t dep : dependents_[i]) {
        if (choice_[dep] != &order_[dep]->current) continue;  // found as its own violation
        for (const auto& v : violations_of(dep))
          if (v.dependency == i) out.push_back(v);
      }
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  // At least how many more services must move to mend `vs`: those a violation leaves no other
  // way for, plus one per further violation that shares no service with those counted.
  std::size_t moves_needed(const std::vector<Violation>& vs) const {
    constexpr std::size_t kImpossible = std::numeric_limits<std::size_t>::max() / 2;
    std::set<std::size_t> used;
    std::size_t n = 0;
    for (const auto& v : vs) {
      bool dependent_free = state_[v.dependent] == State::Free;
      bool dependency_free = v.dependency && state_[*v.dependency] == State::Free;
      if (!dependent_free && !dependency_free) return kImpossible;
      if (dependent_free != dependency_free) {
        std::size_t must = dependent_free ? v.dependent : *v.dependency;
        if (used.insert(must).second) ++n;
      }
    }
    for (const auto& v : vs) {
      if (state_[v.dependent] != State::Free || !v.dependency || state_[*v.dependency] != State::Free) continue;
      if (used.count(v.dependent) || used.count(*v.dependency)) continue;
      used.insert(v.dependent);
      used.insert(*v.dependency);
      ++n;
    }
    return n;
  }

  std::string version_of(std::size_t i) const { return choice_[i]->version; }

  std::string describe(const Violation& v) const {
    const std::string& s = order_[v.dependent]->service;
    std::string out = s + " " + version_of(v.dependent) + " needs " + *v.dep_name + " " + util::quote(*v.range);
    if (!v.dependency) return out + ", but there is no service " + util::quote(*v.dep_name);
    return out + ", which does not admit " + *v.dep_name + " " + version_of(*v.dependency);
  }

  std::string why_fixed(std::size_t i) const {
    switch (state_[i]) {
      case State::Named: return order_[i]->service + " is named to go to " + version_of(i);
      case State::Moved: return order_[i]->service + " has already been moved";
      case State::Free: break;
    }
    return order_[i]->service + " has no older version to move to";
  }

  void dead_end(const Violation& v, bool dependency_has_no_admitted) {
    std::string d = describe(v) + " (" + why_fixed(v.dependent);
    if (v.dependency) {
      if (state_[*v.dependency] != State::Free)
        d += "; " + why_fixed(*v.dependency);
      else if (dependency_has_no_admitted)
        d += "; no older version of " + *v.dep_name + " is admitted by " + util::quote(*v.range);
    }
    d += ")";
    if (dead_ends_.size() < 5 && std::find(dead_ends_.begin(), dead_ends_.end(), d) == dead_ends_.end())
      dead_ends_.push_back(std::move(d));
  }

  // Depth-first over the first violation's ways out, with at most limit_ moves; run with
  // limit 0, 1, 2, ... so the first solutions found move the fewest services, and among those
  // the rank sum bounds the search.
  void search(std::size_t moved, std::size_t rank_sum) {
    if (++steps_ > req_.budget) return;
    if (best_ && rank_sum > best_rank_sum_) return;
    auto vs = violations();
    if (vs.empty()) {
      record(moved, rank_sum);
      return;
    }
    const Violation v = vs.front();
    if (moved + moves_needed(vs) > limit_) {
      if (moves_needed(vs) >= std::numeric_limits<std::size_t>::max() / 2) dead_end(v, false);
      return;
    }
    bool any_option = false;
    auto try_move = [&](std::size_t i, const Candidate* c, std::size_t r) {
      any_option = true;
      if (best_ && rank_sum + r > best_rank_sum_) return;
      state_[i] = State::Moved;
      choice_[i] = c;
      rank_[i] = r;
      search(moved + 1, rank_sum + r);
      state_[i] = State::Free;
      choice_[i] = &order_[i]->current;
      rank_[i] = 0;
    };
    // Move the dependent to an older version (its range may differ there) ...
    if (state_[v.dependent] == State::Free) {
      const auto& opts = options_[v.dependent];
      for (std::size_t r = 0; r < opts.size() && steps_ <= req_.budget; ++r) try_move(v.dependent, opts[r], r);
    }
    // ... or the dependency to an older version the range admits.
    bool none_admitted = true;
    if (v.dependency && state_[*v.dependency] == State::Free) {
      std::size_t d = *v.dependency;
      const auto& opts = options_[d];
      for (std::size_t r = 0; r < opts.size() && steps_ <= req_.budget; ++r) {
        if (!admits(*v.range, opts[r]->version)) continue;
        none_admitted = false;
        try_move(d, opts[r], r);
      }
    }
    if (!any_option) dead_end(v, none_admitted);
  }

  void record(std::size_t moved, std::size_t rank_sum) {
    std::vector<std::size_t> ranks = rank_;
    bool better = !best_ || moved < best_moved_ || (moved == best_moved_ && rank_sum < best_rank_sum_) ||
                  (moved == best_moved_ && rank_sum == best_rank_sum_ && ranks < best_ranks_);
    if (!better) return;
    best_ = choice_;
    best_state_ = state_;
    best_moved_ = moved;
    best_rank_sum_ = rank_sum;
    best_ranks_ = std::move(ranks);
  }

  std::string named_list() const {
    std::vector<std::string> parts;
    for (const auto& [name, version] : req_.targets) parts.push_back(name + " at " + version);
    return util::join(parts, ", ");
  }

  RollbackPlan plan() {
    choice_ = *best_;
    state_ = best_state_;
    RollbackPlan p;
    p.steps = steps_;
    std::vector<std::size_t> moving;
    for (std::size_t i = 0; i < order_.size(); ++i)
      if (choice_[i] != &order_[i]->current && choice_[i]->version != order_[i]->current.version) moving.push_back(i);
    for (std::size_t i : rollback_order(moving)) {
      Move m;
      m.service = order_[i]->service;
      m.from = order_[i]->current.version;
      m.to = choice_[i]->version;
      m.named = state_[i] == State::Named;
      m.commit = choice_[i]->commit;
      m.definition = choice_[i]->definition;
      if (!m.named) m.forced_by = forces(i);
      p.moves.push_back(std::move(m));
    }
    return p;
  }

  // The ranges that would break if service i stayed at its current version.
  std::vector<Force> forces(std::size_t i) {
    const Candidate* chosen = choice_[i];
    choice_[i] = &order_[i]->current;
    std::vector<Force> out;
    for (const auto& v : violations_of(i))
      out.push_back({order_[i]->service, *v.dep_name, *v.range, v.dependency ? version_of(*v.dependency) : ""});
    for (std::size_t dep : dependents_[i])
      for (const auto& v : violations_of(dep))
        if (v.dependency == i) out.push_back({order_[dep]->service, order_[i]->service, *v.range, version_of(i)});
    choice_[i] = chosen;
    return out;
  }

  // Dependents before their dependencies, by the dependencies of the chosen definitions; ties
  // (and cycles) by name.
  std::vector<std::size_t> rollback_order(const std::vector<std::size_t>& moving) {
    manifest::Architecture a;
    for (std::size_t i : moving) {
      manifest::Service s;
      s.name = order_[i]->service;
      for (const auto& [d, r] : choice_[i]->depends_on) {
        manifest::Dependency dep;
        dep.service = d;
        s.depends_on.push_back(dep);
      }
      a.services.push_back(std::move(s));
    }
    manifest::Graph g = manifest::build_graph(a);
    std::vector<std::size_t> out;
    for (auto it = g.groups.rbegin(); it != g.groups.rend(); ++it)
      for (const auto& name : it->services) out.push_back(index_.at(name));
    return out;
  }

  const RollbackRequest& req_;
  std::vector<const ServiceVersions*> order_;
  std::unordered_map<std::string, std::size_t> index_;
  std::vector<const Candidate*> choice_;
  std::vector<std::size_t> rank_;
  std::vector<State> state_;
  std::vector<std::vector<const Candidate*>> options_;
  std::vector<std::set<std::size_t>> dependents_;
  std::unordered_map<std::string, std::optional<semver::Range>> ranges_;
  std::size_t steps_ = 0;
  std::size_t limit_ = 0;  // the most services the current round may move
  std::optional<std::vector<const Candidate*>> best_;
  std::vector<State> best_state_;
  std::size_t best_moved_ = 0, best_rank_sum_ = 0;
  std::vector<std::size_t> best_ranks_;
  std::vector<std::string> dead_ends_;
};

}  // namespace

std::vector<const Candidate*> older_versions(const ServiceVersions& s) {
  auto cur = semver::parse_version(s.current.version);
  bool all_semver = cur.has_value();
  for (const auto& c : s.earlier) all_semver = all_semver && semver::parse_version(c.version).has_value();
  std::vector<const Candidate*> out;
  std::set<std::string> seen{s.current.version};
  for (const auto& c : s.earlier) {
    if (!seen.insert(c.version).second) continue;
    if (all_semver ? semver::compare(*semver::parse_version(c.version), *cur) < 0 : c.age > s.current.age)
      out.push_back(&c);
  }
  std::stable_sort(out.begin(), out.end(), [&](const Candidate* a, const Candidate* b) {
    if (all_semver) {
      int c = semver::compare(*semver::parse_version(a->version), *semver::parse_version(b->version));
      if (c != 0) return c > 0;
    }
    return a->age < b->age;
  });
  return out;
}

tl::expected<RollbackPlan, RollbackConflict> plan_rollback(const RollbackRequest& req) { return Solver(req).run(); }

}  // namespace vsctl::versionset
