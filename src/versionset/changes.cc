#include "versionset/changes.h"

#include <algorithm>
#include <map>
#include <set>

#include "k8s/json.h"
#include "k8s/object_key.h"
#include "k8s/secret.h"
#include "manifest/definition.h"
#include "semver/version.h"

namespace vsctl::versionset {

namespace {

// The field groups log names, by definition key.
std::string group_of(const std::string& key) {
  if (key == "instances" || key == "autoscale") return "instances";
  if (key == "env" || key == "envFrom") return "env";
  return key;
}

int group_rank(const std::string& g) {
  if (g == "version") return 0;
  if (g == "instances") return 1;
  if (g == "resources") return 2;
  if (g == "env") return 3;
  return 4;
}

void sort_groups(std::vector<std::string>& groups) {
  std::sort(groups.begin(), groups.end(), [](const std::string& a, const std::string& b) {
    return std::make_pair(group_rank(a), a) < std::make_pair(group_rank(b), b);
  });
  groups.erase(std::unique(groups.begin(), groups.end()), groups.end());
}

// A version change is health::change_of's: Rollback when the new version is older.
Change kind_of(const std::vector<std::string>& groups, const std::string& from, const std::string& to) {
  if (std::find(groups.begin(), groups.end(), "version") != groups.end()) {
    return health::change_of(from, to);
  }
  if (groups.size() == 1 && groups.front() == "instances") return Change::Scale;
  return Change::Update;
}

Oid blob_of(const CommitRecord* c, const std::string& path) {
  if (c)
    for (const auto& [p, o] : c->objects)
      if (p == path) return o;
  return Oid{};
}

void flatten_diff(const manifest::Json& a, const manifest::Json& b, const std::string& path, std::vector<FieldChange>& out) {
  if (a == b) return;
  auto join = [&](const std::string& k) { return path.empty() ? k : path + "." + k; };
  if (a.is_object() && b.is_object()) {
    std::set<std::string> keys;
    for (auto it = a.begin(); it != a.end(); ++it) keys.insert(it.key());
    for (auto it = b.begin(); it != b.end(); ++it) keys.insert(it.key());
    for (const auto& k : keys) {
      static const manifest::Json null;
      const manifest::Json& x = a.contains(k) ? a[k] : null;
      const manifest::Json& y = b.contains(k) ? b[k] : null;
      flatten_diff(x, y, join(k), out);
    }
    return;
  }
  if (a.is_array() && b.is_array()) {
    std::size_t n = std::max(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i) {
      static const manifest::Json null;
      flatten_diff(i < a.size() ? a[i] : null, i < b.size() ? b[i] : null, path + "[" + std::to_string(i) + "]", out);
    }
    return;
  }
  out.push_back({path, a, b});
}

// The Secrets a definition carries, each with its key: the objects of its objects files, and the
// merge patches that target Secrets (their data and stringData are values too).
std::vector<std::pair<k8s::ObjectKey, manifest::Json*>> secrets_of(manifest::Json& def, const std::string& ns) {
  std::vector<std::pair<k8s::ObjectKey, manifest::Json*>> out;
  auto text = [](const manifest::Json& j, const char* pointer) { return k8s::string_at(j, pointer); };
  if (auto it = def.find("objects"); it != def.end() && it->is_array()) {
    for (auto& file : *it) {
      auto content = file.find("content");
      if (content == file.end() || !content->is_array()) continue;
      for (auto& o : *content) {
        auto gv = k8s::parse_api_version(text(o, "/apiVersion"));
        std::string o_ns = text(o, "/metadata/namespace");
        out.push_back({{gv.group, gv.version, text(o, "/kind"), o_ns.empty() ? ns : o_ns, text(o, "/metadata/name")}, &o});
      }
    }
  }
  if (auto it = def.find("patches"); it != def.end() && it->is_array()) {
    for (auto& p : *it) {
      auto patch = p.find("patch");
      if (patch == p.end()) continue;
      out.push_back({{"", "v1", text(p, "/target/kind"), ns, text(p, "/target/name")}, &*patch});
    }
  }
  return out;
}

// Masks the Secret values of two definitions of a service, each Secret of one paired with the
// same Secret of the other (so that a changed value shows as one), by k8s::mask_secret.
void mask_secrets(manifest::Json& before, const std::string& ns_before, manifest::Json& after, const std::string& ns_after) {
  auto b = secrets_of(before, ns_before);
  auto a = secrets_of(after, ns_after);
  std::vector<bool> paired(a.size(), false);
  for (auto& [key, x] : b) {
    manifest::Json none;
    manifest::Json* y = &none;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!paired[i] && a[i].first == key) {
        paired[i] = true;
        y = a[i].second;
        break;
      }
    }
    k8s::mask_secret(key, *x, *y);
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    manifest::Json none;
    if (!paired[i]) k8s::mask_secret(a[i].first, none, *a[i].second);
  }
}

std::string top_key(const std::string& path) {
  auto end = path.find_first_of(".[");
  return path.substr(0, end);
}

}  // namespace

std::vector<ServiceChange> summary_changes(const RecordTable& t, const CommitRecord* before_commit, const Summary* before,
                                           const CommitRecord* after_commit, const Summary* after) {
  static const Summary empty;
  const Summary& a = before ? *before : empty;
  const Summary& b = after ? *after : empty;
  std::vector<ServiceChange> out;
  std::size_t i = 0, j = 0;
  while (i < a.services.size() || j < b.services.size()) {
    if (i < a.services.size() && j < b.services.size() && a.services[i] == b.services[j] &&
        t[b.services[j]].objects.empty()) {  // the same record: nothing changed
      ++i;
      ++j;
      continue;
    }
    const ServiceRecord* x = i < a.services.size() ? &t[a.services[i]] : nullptr;
    const ServiceRecord* y = j < b.services.size() ? &t[b.services[j]] : nullptr;
    if (x && (!y || x->name < y->name)) {
      out.push_back({x->name, Change::Destroy, x->version, "", {}});
      ++i;
      continue;
    }
    if (y && (!x || y->name < x->name)) {
      out.push_back({y->name, Change::Provision, "", y->version, {}});
      ++j;
      continue;
    }
    ++i;
    ++j;
    std::vector<std::string> groups;
    if (a.services[i - 1] != b.services[j - 1]) {
      // both sorted by key: one merge walk
      auto fx = x->fields.begin(), fy = y->fields.begin();
      while (fx != x->fields.end() || fy != y->fields.end()) {
        if (fy == y->fields.end() || (fx != x->fields.end() && fx->first < fy->first)) {
          groups.push_back(group_of((fx++)->first));
        } else if (fx == x->fields.end() || fy->first < fx->first) {
          groups.push_back(group_of((fy++)->first));
        } else {
          if (fx->second != fy->second) groups.push_back(group_of(fx->first));
          ++fx;
          ++fy;
        }
      }
    }
    for (const auto& p : y->objects)
      if (blob_of(before_commit, p) != blob_of(after_commit, p)) groups.push_back("objects");
    if (groups.empty()) continue;
    sort_groups(groups);
    out.push_back({y->name, kind_of(groups, x->version, y->version), x->version, y->version, std::move(groups)});
  }
  return out;
}

std::vector<FieldChange> diff_json(const manifest::Json& before, const manifest::Json& after) {
  std::vector<FieldChange> out;
  flatten_diff(before, after, "", out);
  return out;
}

std::vector<ServiceDiff> diff_views(const manifest::Architecture& before, const manifest::Architecture& after,
                                    SecretValues secrets) {
  std::map<std::string, std::pair<const manifest::Service*, const manifest::Service*>> pairs;
  for (const auto& s : before.services) pairs[s.name].first = &s;
  for (const auto& s : after.services) pairs[s.name].second = &s;
  std::vector<ServiceDiff> out;
  for (const auto& [name, p] : pairs) {
    const auto [x, y] = p;
    ServiceDiff d;
    d.service = name;
    if (x) d.from = x->version;
    if (y) d.to = y->version;
    manifest::Json dx = x ? manifest::definition(*x) : manifest::Json::object();
    manifest::Json dy = y ? manifest::definition(*y) : manifest::Json::object();
    if (secrets == SecretValues::Masked) mask_secrets(dx, before.ns, dy, after.ns);
    d.fields = diff_json(dx, dy);
    if (d.fields.empty()) continue;
    if (!x) {
      d.kind = Change::Provision;
    } else if (!y) {
      d.kind = Change::Destroy;
    } else {
      std::vector<std::string> groups;
      for (const auto& f : d.fields) groups.push_back(group_of(top_key(f.path)));
      sort_groups(groups);
      d.kind = kind_of(groups, d.from, d.to);
    }
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace vsctl::versionset
