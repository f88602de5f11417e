#include "engine/desired.h"

#include <algorithm>

#include "apply/rollback_definition.h"
#include "k8s/labels.h"
#include "util/hash.h"

namespace vsctl::engine {

namespace {

void render_into(Desired& d, int progress_deadline_s) {
  render::Options ro;
  ro.progress_deadline_s = progress_deadline_s;
  d.rendered = render::render(d.view, ro);
}

}  // namespace

util::Result<Desired> from_manifest(manifest::Loaded loaded, diff::Policy policy, int progress_deadline_s,
                                    const ShowDiagnostics& show) {
  if (show) show(loaded.diags, loaded.texts);
  if (!loaded.ok())
    return util::fail(util::ErrorKind::Invalid, "the manifest is invalid (" + util::count_summary(loaded.diags) + "): nothing was changed");
  Desired d;
  d.policy = std::move(policy);
  d.view = std::move(*loaded.view);
  d.texts = std::move(loaded.texts);
  std::string all;
  for (const auto& [name, text] : d.texts) all += name + '\0' + text + '\0';
  d.tree_digest = util::sha256_hex(all);
  render_into(d, progress_deadline_s);
  if (d.rendered.diags.has_errors()) {
    if (show) show(d.rendered.diags, d.texts);
    return util::fail(util::ErrorKind::Invalid, "the manifest does not render: nothing was changed");
  }
  return d;
}

util::Result<Desired> from_services(manifest::Architecture arch, std::vector<manifest::Service> services,
                                    std::vector<render::Object> objects, diff::Policy policy, int progress_deadline_s) {
  Desired d;
  d.policy = std::move(policy);
  d.view = std::move(arch);
  std::sort(services.begin(), services.end(), [](const auto& x, const auto& y) { return x.name < y.name; });
  d.view.services = std::move(services);
  if (objects.empty()) {
    render_into(d, progress_deadline_s);
    if (d.rendered.diags.has_errors())
      return util::fail(util::ErrorKind::Invalid, "the rolled-back VersionSet does not render: nothing was changed");
  } else {
    d.rendered.objects = std::move(objects);
  }
  std::string all;
  for (const auto& o : d.rendered.objects) all += k8s::dump(o.body) + '\0';
  d.tree_digest = util::sha256_hex(all);
  return d;
}

std::vector<render::Object> recorded_objects(const std::vector<k8s::Json>& objects) {
  std::vector<render::Object> out;
  for (const auto& o : objects) {
    auto key = k8s::key_of(o);
    if (!key) continue;
    std::string service = key->kind == "Namespace" ? "" : k8s::string_at(o, "/metadata/labels/app.kubernetes.io~1name");
    out.push_back({std::move(service), *key, o});
  }
  return out;
}

util::Result<std::vector<manifest::Service>> recorded_services(const apply::Record& r) {
  std::vector<manifest::Service> out;
  for (const auto& [name, entry] : r.services) {
    VSCTL_TRY(s, apply::service_from_definition(name, entry.contains("definition") ? entry["definition"] : k8s::Json()));
    out.push_back(std::move(s));
  }
  return out;
}

util::Result<diff::Policy> policy_from(const std::string& where, const std::optional<std::string>& text) {
  if (!text) return diff::Policy::defaults();
  return diff::parse_policy(where, *text);
}

util::Result<diff::Policy> policy_at(versionset::SourceReader& src, const versionset::CommitInfo& commit) {
  const std::string where = commit.id.hex().substr(0, 12) + ":" + kPolicyFile;
  VSCTL_TRY(e, src.entry(commit.tree, kPolicyFile));
  if (e.kind == versionset::EntryKind::Missing) return diff::Policy::defaults();
  if (e.kind != versionset::EntryKind::Blob)
    return util::fail(util::ErrorKind::Invalid, where + ": not a regular file (a symlink or a directory): make it one");
  VSCTL_TRY(text, src.blob(e.id, 1u << 20));
  return diff::parse_policy(where, text);
}

}  // namespace vsctl::engine
