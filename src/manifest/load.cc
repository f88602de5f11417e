#include "manifest/load.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "manifest/check.h"
#include "manifest/document.h"
#include "manifest/objects.h"
#include "manifest/view.h"
#include "util/strings.h"

namespace vsctl::manifest {

namespace {

// `loaded`: see load_objects; given for views that are only checked. `totals`: what the view's
// objects files add up to.
std::optional<Architecture> checked_view(const Document& doc, const std::string& env, const LoadRequest& req,
                                         SourceTexts& texts, ObjectFiles& files, util::Diagnostics& diags,
                                         const Architecture* loaded = nullptr, ObjectTotals* totals = nullptr) {
  auto view = build_view(doc, env, diags);
  if (!view) return view;
  if (req.read) {
    ObjectTotals t = load_objects(*view, req.manifest_dir, req.read, req.source_prefix, texts, files, diags, loaded);
    if (totals) *totals = t;
  }
  check_view(*view, diags);
  return view;
}

// The base view, and for each of its services the services that depend on it: what an
// environment's view built from it must check again.
struct Base {
  Architecture& view;
  ObjectTotals totals;
  bool valid;
  std::vector<std::vector<std::size_t>> dependents;

  Base(Architecture& v, ObjectTotals t, bool ok) : view(v), totals(t), valid(ok), dependents(v.services.size()) {
    for (std::size_t i = 0; i < view.services.size(); ++i)
      for (const auto& d : view.services[i].depends_on)
        if (auto j = index(d.service)) dependents[*j].push_back(i);
  }

  std::optional<std::size_t> index(std::string_view name) const {
    auto it = std::lower_bound(view.services.begin(), view.services.end(), name,
                               [](const Service& s, std::string_view n) { return s.name < n; });
    if (it == view.services.end() || it->name != name) return std::nullopt;
    return static_cast<std::size_t>(it - view.services.begin());
  }
};

bool same_dependencies(const Service& x, const Service& y) {
  return std::equal(x.depends_on.begin(), x.depends_on.end(), y.depends_on.begin(), y.depends_on.end(),
                    [](const Dependency& a, const Dependency& b) { return a.service == b.service && a.key_loc.line == b.key_loc.line && a.key_loc.col == b.key_loc.col; });
}

// The base view turned into an environment's view in place, the services it overrides swapped in;
// put back as it was when this goes.
class Overlay {
 public:
  Overlay(Architecture& base, const RawEnvironment& re) : base_(base), ns_(base.ns), context_(base.context) {
    base_.env = re.env.name;
    if (!re.env.ns.empty()) base_.ns = re.env.ns;
    base_.context = re.env.context;
  }
  Overlay(const Overlay&) = delete;
  Overlay& operator=(const Overlay&) = delete;
  ~Overlay() {
    for (std::size_t k = 0; k < swapped_.size(); ++k) std::swap(base_.services[swapped_[k]], (*fresh_)[k]);
    base_.env.clear();
    base_.ns = std::move(ns_);
    base_.context = std::move(context_);
  }
  // Swaps fresh[k] in at index at[k] (and back when this goes).
  void swap_in(std::vector<Service>& fresh, const std::vector<std::size_t>& at) {
    fresh_ = &fresh;
    for (std::size_t k = 0; k < fresh.size(); ++k) {
      std::swap(base_.services[at[k]], fresh[k]);
      swapped_.push_back(at[k]);
    }
  }

 private:
  Architecture& base_;
  std::string ns_, context_;
  std::vector<Service>* fresh_ = nullptr;
  std::vector<std::size_t> swapped_;
};

// Environment `re`'s view built from the base view: its diagnostics (those of what it changes) to
// `diags`, shown to the visitor, copied to `copy` when given. False when it must be built in full
// instead: its objects files could pass the view's limits.
bool view_from_base(const Document& doc, const RawEnvironment& re, const LoadRequest& req, Base& base,
                    SourceTexts& texts, ObjectFiles& files, util::Diagnostics& diags, std::optional<Architecture>* copy) {
  std::vector<Service> fresh = read_services(doc, &re, true, diags);
  std::vector<std::size_t> at;
  at.reserve(fresh.size());
  for (const auto& s : fresh) {
    auto i = base.index(s.name);
    if (!i) return false;  // not a service of the base view: cannot happen, as services have the same bodies
    at.push_back(*i);
  }
  if (req.read) {
    std::vector<Service*> ptrs;
    for (auto& s : fresh) ptrs.push_back(&s);
    ObjectTotals added = load_objects(ptrs, req.manifest_dir, req.read, req.source_prefix, texts, files, diags);
    // the full view's files add up to at most the base view's and these: under the limits, the
    // full view would not have stopped either
    if (added.over() || base.totals.bytes + added.bytes > kMaxViewObjectBytes ||
        base.totals.nodes + added.nodes > kMaxViewObjectNodes)
      return false;
  }
  bool cycles = false;
  std::vector<bool> check(base.view.services.size(), false);
  for (std::size_t k = 0; k < fresh.size(); ++k) {
    cycles = cycles || !same_dependencies(fresh[k], base.view.services[at[k]]);
    check[at[k]] = true;
    for (std::size_t d : base.dependents[at[k]]) check[d] = true;  // ranges over its version
  }
  Overlay overlay(base.view, re);
  overlay.swap_in(fresh, at);
  check_view(base.view, &check, cycles, diags);
  if (req.visit) {
    ViewChange change{false, at};
    std::sort(change.services.begin(), change.services.end());
    // a base view's error is the environment's too unless an override mends it: which is not
    // known here, so such a view is not said to be valid
    req.visit(re.env.name, base.view, base.valid && !diags.has_errors(), change);
  }
  if (copy) *copy = base.view;
  return true;
}

using Key = std::tuple<std::string, int, int, std::string>;
Key key_of(const util::Diagnostic& d) { return {d.loc.source, d.loc.line, d.loc.col, d.message}; }

}  // namespace

Loaded load(const LoadRequest& req) {
  Loaded out;
  Document doc = parse_document(req.source_name, req.text, out.diags);
  out.texts.emplace(req.source_name, doc.text);
  if (!doc.usable) {
    out.diags.sort_unique();
    return out;
  }
  ObjectFiles files;  // each objects file read once for all views
  ObjectTotals base_totals;
  auto base = checked_view(doc, "", req, out.texts, files, out.diags, nullptr, &base_totals);
  const bool base_valid = !out.diags.has_errors();
  if (base && req.visit) req.visit("", *base, base_valid, ViewChange{});
  // Environments' views are built from the base view, unless it names services that do not
  // exist: did-you-mean is offered for the first few such names of a view only, so which names
  // get one depends on every service of the environment's view.
  bool unknown = std::any_of(out.diags.items().begin(), out.diags.items().end(),
                             [](const util::Diagnostic& d) { return d.code == "unknown-dependency"; });
  std::optional<Base> from;
  if (base && !unknown) from.emplace(*base, base_totals, base_valid);

  std::set<Key> seen;
  for (const auto& d : out.diags.items()) seen.insert(key_of(d));
  std::optional<Architecture> wanted;
  bool env_known = req.env.empty();
  for (const auto& re : doc.environments) {
    util::Diagnostics env_diags;
    const bool is_wanted = re.env.name == req.env;
    std::optional<Architecture> view;
    if (!from || !view_from_base(doc, re, req, *from, out.texts, files, env_diags, is_wanted ? &view : nullptr)) {
      env_diags = {};
      // a view only checked need not copy the objects the base view has checked
      const Architecture* loaded = is_wanted || !base || req.visit ? nullptr : &*base;
      view = checked_view(doc, re.env.name, req, out.texts, files, env_diags, loaded);
      if (view && req.visit) req.visit(re.env.name, *view, !env_diags.has_errors(), ViewChange{});
    }
    for (auto d : env_diags.items()) {
      if (seen.count(key_of(d))) continue;
      d.message = "environment " + util::quote(re.env.name) + ": " + d.message;
      out.diags.add(std::move(d));
    }
    if (is_wanted) {
      wanted = std::move(view);
      env_known = true;
    }
  }
  if (!env_known) build_view(doc, req.env, out.diags);  // reports the unknown environment
  out.view = req.env.empty() ? std::move(base) : std::move(wanted);
  out.diags.sort_unique();
  return out;
}

}  // namespace vsctl::manifest
