#include "versionset/rollback.h"

#include <algorithm>
#include <deque>
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

// A constraint satisfaction search. Each service has a domain: the versions it may end at, in
// order of preference (its current version first, then older ones newest first; a named
// service only its target). Two services are constrained when a version of either names the
// other in dependsOn. Arc consistency prunes every version that no version left of a
// neighbour works with; what remains bounds the cost from below (a service whose current
// version was pruned must move), and a branch-and-bound depth-first search picks, for one
// service of a broken pair at a time, each version left in its domain in order of preference.
class Solver {
 public:
  explicit Solver(const RollbackRequest& req) : req_(req) {
    for (const auto& s : req.services) order_.push_back(&s);
    std::sort(order_.begin(), order_.end(), [](auto* a, auto* b) { return a->service < b->service; });
    for (std::size_t i = 0; i < order_.size(); ++i) index_.emplace(order_[i]->service, i);
    n_ = order_.size();
    cands_.resize(n_);
    named_.assign(n_, false);
    neighbours_.resize(n_);
  }

  tl::expected<RollbackPlan, RollbackConflict> run() {
    for (std::size_t i = 0; i < n_; ++i) {
      cands_[i].push_back(&order_[i]->current);
      for (const Candidate* c : older_versions(*order_[i])) cands_[i].push_back(c);
    }
    if (auto e = check_current()) return tl::unexpected(std::move(*e));
    for (const auto& [name, version] : req_.targets) {
      auto it = index_.find(name);
      if (it == index_.end()) return conflict("there is no service " + util::quote(name) + " in the current VersionSet");
      std::size_t i = it->second;
      const ServiceVersions& s = *order_[i];
      const Candidate* c = s.current.version == version ? &s.current : nullptr;
      for (const auto& e : s.earlier)
        if (!c && e.version == version) c = &e;
      if (!c) return conflict(name + " never had version " + util::quote(version) + " in the history given");
      named_[i] = true;
      cands_[i] = {c};
    }
    prepare();
    Domains d(n_);
    for (std::size_t i = 0; i < n_; ++i) d[i].assign(cands_[i].size(), 1);
    // versions that name a service that does not exist are out
    for (std::size_t i = 0; i < n_; ++i)
      for (std::size_t a = 0; a < cands_[i].size(); ++a)
        if (missing_dependency_[i][a]) d[i][a] = 0;
    // revising services against the named ones first explains a conflict from the side that
    // would have to give way
    std::deque<std::pair<std::size_t, std::size_t>> all;
    for (bool named_first : {true, false})
      for (std::size_t x = 0; x < n_; ++x)
        for (std::size_t y : neighbours_[x])
          if (named_[y] == named_first) all.emplace_back(x, y);
    if (!propagate(d, all, true)) return unexpected_conflict();
    if (req_.now) deadline_ = req_.now() + req_.time_budget;
    search(d);
    if (steps_ > req_.budget || out_of_time_) {
      RollbackConflict c;
      c.budget_exceeded = true;
      c.steps = steps_;
      if (out_of_time_) {
        auto ms = req_.time_budget.count();
        c.message = "the search for a consistent rollback gave up after " +
                    (ms % 1000 ? std::to_string(ms) + " ms" : std::to_string(ms / 1000) + " s") + " (its time budget) and " +
                    std::to_string(steps_) + " steps; name more of the services to move, or roll back with --to REV";
      } else {
        c.message = "the search for a consistent rollback gave up after " + std::to_string(req_.budget) +
                    " steps (its step budget); name more of the services to move, roll back with --to REV, or raise --budget";
      }
      return tl::unexpected(std::move(c));
    }
    if (!best_) return unexpected_conflict();
    return plan();
  }

 private:
  using Domains = std::vector<std::vector<std::uint8_t>>;  // per service, per candidate: still possible
  struct Dep {
    std::size_t service;
    const std::string* range_text;
    const semver::Range* range;  // nullptr: not a valid range, admits nothing
  };

  tl::expected<RollbackPlan, RollbackConflict> conflict(std::string message) {
    RollbackConflict c;
    c.message = std::move(message);
    return tl::unexpected(std::move(c));
  }

  tl::expected<RollbackPlan, RollbackConflict> unexpected_conflict() {
    RollbackConflict c;
    c.steps = steps_;
    c.message = "no consistent VersionSet has " + named_list() +
                ": every combination of the versions in history breaks a dependency range";
    c.details = explanations_;
    return tl::unexpected(std::move(c));
  }

  const semver::Range* range(const std::string& text) {
    auto it = ranges_.find(text);
    if (it == ranges_.end()) {
      auto r = semver::Range::parse(text);
      it = ranges_.emplace(text, r ? std::optional<semver::Range>(std::move(*r)) : std::nullopt).first;
    }
    return it->second ? &*it->second : nullptr;
  }

  bool admits(const semver::Range* r, const Candidate* c) {
    if (!r) return false;
    auto it = parsed_.find(c);
    if (it == parsed_.end()) it = parsed_.emplace(c, semver::parse_version(c->version)).first;
    return it->second ? r->satisfied_by(*it->second) : r->admits(c->version);
  }

  // The dependencies of every candidate resolved to service indexes and parsed ranges; the
  // neighbours of every service.
  void prepare() {
    deps_.resize(n_);
    missing_dependency_.resize(n_);
    for (std::size_t i = 0; i < n_; ++i) {
      deps_[i].resize(cands_[i].size());
      missing_dependency_[i].assign(cands_[i].size(), false);
      for (std::size_t a = 0; a < cands_[i].size(); ++a) {
        for (const auto& [name, text] : cands_[i][a]->depends_on) {
          auto it = index_.find(name);
          if (it == index_.end()) {
            missing_dependency_[i][a] = true;
            continue;
          }
          deps_[i][a].push_back({it->second, &text, range(text)});
          neighbours_[i].insert(it->second);
          neighbours_[it->second].insert(i);
        }
      }
    }
  }

  const Dep* dep_on(std::size_t x, std::size_t a, std::size_t y) const {
    for (const auto& d : deps_[x][a])
      if (d.service == y) return &d;
    return nullptr;
  }

  // x at candidate a and y at candidate b agree: neither's range on the other is broken.
  bool agree(std::size_t x, std::size_t a, std::size_t y, std::size_t b) {
    const Dep* xy = dep_on(x, a, y);
    if (xy && !admits(xy->range, cands_[y][b])) return false;
    const Dep* yx = dep_on(y, b, x);
    return !yx || admits(yx->range, cands_[x][a]);
  }

  // Arc consistency (AC-3) from the arcs queued; false when a domain empties. At the root, the
  // reasons are kept to explain a conflict.
  bool propagate(Domains& d, std::deque<std::pair<std::size_t, std::size_t>> queue, bool explain) {
    while (!queue.empty()) {
      auto [x, y] = queue.front();
      queue.pop_front();
      bool changed = false;
      for (std::size_t a = 0; a < d[x].size(); ++a) {
        if (!d[x][a]) continue;
        bool supported = false;
        for (std::size_t b = 0; b < d[y].size() && !supported; ++b) supported = d[y][b] && agree(x, a, y, b);
        if (supported) continue;
        d[x][a] = 0;
        changed = true;
        if (explain) explain_removal(d, x, a, y);
      }
      if (!changed) continue;
      if (std::find(d[x].begin(), d[x].end(), 1) == d[x].end()) return false;
      for (std::size_t z : neighbours_[x])
        if (z != y) queue.emplace_back(z, x);
    }
    return true;
  }

  std::string versions_left(const Domains& d, std::size_t y) const {
    std::vector<std::string> vs;
    for (std::size_t b = 0; b < d[y].size(); ++b)
      if (d[y][b]) vs.push_back(cands_[y][b]->version);
    if (vs.size() > 5) {
      vs.resize(5);
      vs.push_back("...");
    }
    return vs.empty() ? "none" : util::join(vs, ", ");
  }

  void explain_removal(const Domains& d, std::size_t x, std::size_t a, std::size_t y) {
    if (explanations_.size() >= 5) return;
    const std::string& xs = order_[x]->service;
    const std::string& ys = order_[y]->service;
    std::string why = named_[y] ? ys + " is named to go to " + cands_[y][0]->version
                                : ys + " can only be at " + versions_left(d, y);
    std::string line;
    if (const Dep* xy = dep_on(x, a, y))
      line = xs + " " + cands_[x][a]->version + " needs " + ys + " " + util::quote(*xy->range_text) + ", and " + why;
    else
      line = "every version of " + ys + " left (" + versions_left(d, y) + ") needs another " + xs + " than " +
             cands_[x][a]->version;
    if (named_[x]) line += " (" + xs + " is named to go to " + cands_[x][a]->version + ")";
    else if (a == 0) line += " (" + xs + " cannot stay at " + cands_[x][a]->version + ")";
    if (std::find(explanations_.begin(), explanations_.end(), line) == explanations_.end()) explanations_.push_back(line);
  }

  std::optional<RollbackConflict> check_current() {
    for (std::size_t i = 0; i < n_; ++i) {
      for (const auto& [name, text] : order_[i]->current.depends_on) {
        auto it = index_.find(name);
        std::string problem;
        if (it == index_.end()) problem = "there is no service " + util::quote(name);
        else if (!admits(range(text), &order_[it->second]->current))
          problem = "which does not admit " + name + " " + order_[it->second]->current.version;
        if (problem.empty()) continue;
        RollbackConflict c;
        c.message = "the current VersionSet is not consistent, so no rollback can be planned from it: " +
                    order_[i]->service + " " + order_[i]->current.version + " needs " + name + " " + util::quote(text) +
                    (it == index_.end() ? ", but " : ", ") + problem + "; fix it first (vsctl validate shows it)";
        return c;
      }
    }
    return std::nullopt;
  }

  // Per service: the first candidate still possible (the cheapest).
  std::vector<std::size_t> preferred(const Domains& d) const {
    std::vector<std::size_t> p(n_);
    for (std::size_t i = 0; i < n_; ++i) p[i] = static_cast<std::size_t>(std::find(d[i].begin(), d[i].end(), 1) - d[i].begin());
    return p;
  }

  // Moves and rank sum of an assignment (rank: how many older versions are skipped).
  std::pair<std::size_t, std::size_t> cost(const std::vector<std::size_t>& p) const {
    std::size_t moves = 0, ranks = 0;
    for (std::size_t i = 0; i < n_; ++i) {
      if (named_[i] || p[i] == 0) continue;
      ++moves;
      ranks += p[i] - 1;
    }
    return {moves, ranks};
  }

  void search(const Domains& d) {
    if (++steps_ > req_.budget || out_of_time_) return;
    if (req_.now && steps_ % 64 == 0 && req_.now() >= deadline_) {
      out_of_time_ = true;
      return;
    }
    // every service at its cheapest possible version: a lower bound, and a solution if consistent
    std::vector<std::size_t> p = preferred(d);
    auto bound = cost(p);
    if (best_ && bound >= best_cost_) return;
    std::optional<std::pair<std::size_t, std::size_t>> broken;
    for (std::size_t x = 0; x < n_ && !broken; ++x)
      for (const auto& dep : deps_[x][p[x]])
        if (!admits(dep.range, cands_[dep.service][p[dep.service]])) {
          broken.emplace(x, dep.service);
          break;
        }
    if (!broken) {
      best_ = p;
      best_cost_ = bound;
      return;
    }
    // branch on the end of the broken pair with fewer versions left
    auto left = [&](std::size_t i) { return static_cast<std::size_t>(std::count(d[i].begin(), d[i].end(), 1)); };
    std::size_t x = broken->first, y = broken->second;
    std::size_t v = left(x) == 1 || (left(y) > 1 && left(y) < left(x)) ? y : x;
    for (std::size_t a = 0; a < d[v].size() && steps_ <= req_.budget && !out_of_time_; ++a) {
      if (!d[v][a]) continue;
      Domains next = d;
      std::fill(next[v].begin(), next[v].end(), 0);
      next[v][a] = 1;
      std::deque<std::pair<std::size_t, std::size_t>> queue;
      for (std::size_t z : neighbours_[v]) queue.emplace_back(z, v);
      if (propagate(next, std::move(queue), false)) search(next);
    }
  }

  std::string named_list() const {
    std::vector<std::string> parts;
    for (const auto& [name, version] : req_.targets) parts.push_back(name + " at " + version);
    return util::join(parts, ", ");
  }

  std::string version_at(const std::vector<std::size_t>& p, std::size_t i) const { return cands_[i][p[i]]->version; }

  RollbackPlan plan() {
    const std::vector<std::size_t>& p = *best_;
    RollbackPlan out;
    out.steps = steps_;
    std::vector<std::size_t> moving;
    for (std::size_t i = 0; i < n_; ++i)
      if (cands_[i][p[i]]->version != order_[i]->current.version) moving.push_back(i);
    for (std::size_t i : rollback_order(p, moving)) {
      Move m;
      m.service = order_[i]->service;
      m.from = order_[i]->current.version;
      m.to = cands_[i][p[i]]->version;
      m.named = named_[i];
      m.commit = cands_[i][p[i]]->commit;
      m.definition = cands_[i][p[i]]->definition;
      if (!m.named) m.forced_by = forces(p, i);
      out.moves.push_back(std::move(m));
    }
    return out;
  }

  // The ranges that would break if service i stayed at its current version, the others where
  // the plan puts them.
  std::vector<Force> forces(const std::vector<std::size_t>& p, std::size_t i) {
    std::vector<Force> out;
    const Candidate* cur = &order_[i]->current;
    for (const auto& [name, text] : cur->depends_on) {
      auto it = index_.find(name);
      if (it == index_.end()) {
        out.push_back({order_[i]->service, name, text, ""});
      } else if (!admits(range(text), cands_[it->second][p[it->second]])) {
        out.push_back({order_[i]->service, name, text, version_at(p, it->second)});
      }
    }
    for (std::size_t y : neighbours_[i]) {
      if (const Dep* yx = dep_on(y, p[y], i); yx && !admits(yx->range, cur))
        out.push_back({order_[y]->service, order_[i]->service, *yx->range_text, cur->version});
    }
    return out;
  }

  // Dependents before their dependencies, by the dependencies of the chosen definitions; ties
  // (and cycles) by name.
  std::vector<std::size_t> rollback_order(const std::vector<std::size_t>& p, const std::vector<std::size_t>& moving) {
    manifest::Architecture a;
    for (std::size_t i : moving) {
      manifest::Service s;
      s.name = order_[i]->service;
      for (const auto& [d, r] : cands_[i][p[i]]->depends_on) {
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
  std::vector<const ServiceVersions*> order_;  // by name
  std::unordered_map<std::string, std::size_t> index_;
  std::size_t n_ = 0;
  std::vector<std::vector<const Candidate*>> cands_;  // per service, in order of preference
  std::vector<bool> named_;
  std::vector<std::vector<std::vector<Dep>>> deps_;  // per service, per candidate
  std::vector<std::vector<bool>> missing_dependency_;
  std::vector<std::set<std::size_t>> neighbours_;
  std::unordered_map<std::string, std::optional<semver::Range>> ranges_;
  std::unordered_map<const Candidate*, std::optional<semver::Version>> parsed_;
  std::size_t steps_ = 0;
  bool out_of_time_ = false;
  std::chrono::steady_clock::time_point deadline_{};
  std::optional<std::vector<std::size_t>> best_;
  std::pair<std::size_t, std::size_t> best_cost_;
  std::vector<std::string> explanations_;
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

std::string to_string(const Force& f) {
  return f.dependent + "'s range on " + f.dependency + " " + util::quote(f.range) +
         (f.version.empty() ? " names a service that does not exist" : " does not admit " + f.dependency + " " + f.version);
}

}  // namespace vsctl::versionset
