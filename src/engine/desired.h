#pragma once
// The desired state every converging command starts from, whatever its source: a checked
// manifest (the working tree or a commit), or services a rollback chose (rendered from their
// definitions, or the objects a record stored). Each builder takes the repository's diff policy
// explicitly: who is drift is never decided by an empty policy.
#include <map>
#include <string>
#include <vector>

#include "apply/record.h"
#include "diff/policy.h"
#include "manifest/load.h"
#include "manifest/model.h"
#include "render/render.h"
#include "versionset/source.h"

namespace vsctl::engine {

struct Desired {
  manifest::Architecture view;  // services by name
  manifest::SourceTexts texts;  // the sources read (for diagnostics); empty when from a record
  render::Rendered rendered;
  std::string tree_digest;      // of every source text read (or of the recorded objects)
  diff::Policy policy = diff::Policy::defaults();
};

// Shows diagnostics with the lines of the sources they point at (the caller's terminal format).
using ShowDiagnostics = std::function<void(const util::Diagnostics&, const manifest::SourceTexts&)>;

// A checked manifest (every environment; `loaded.view` the one to converge), rendered with
// `progress_deadline_s`. Invalid when the manifest has errors or does not render; the
// diagnostics are shown first.
util::Result<Desired> from_manifest(manifest::Loaded loaded, diff::Policy policy, int progress_deadline_s,
                                    const ShowDiagnostics& show);

// `services` (sorted here) on the architecture `arch` (name, namespace, environment): rendered
// with `progress_deadline_s`, or, when `objects` is not empty, exactly those objects (a record's).
util::Result<Desired> from_services(manifest::Architecture arch, std::vector<manifest::Service> services,
                                    std::vector<render::Object> objects, diff::Policy policy, int progress_deadline_s);

// The objects a record stored, each with its service (from its name label).
std::vector<render::Object> recorded_objects(const std::vector<k8s::Json>& objects);
// The services a record stored, from their definitions.
util::Result<std::vector<manifest::Service>> recorded_services(const apply::Record& r);

// The repository's diff policy (docs/diff.md): the defaults, extended by .vsctl/diff.yaml.
inline constexpr const char* kPolicyFile = ".vsctl/diff.yaml";
// From the file's text, or the defaults when there is no such file (`text` empty optional).
util::Result<diff::Policy> policy_from(const std::string& where, const std::optional<std::string>& text);
// At a commit (reconcile reads the branch, not a working tree).
util::Result<diff::Policy> policy_at(versionset::SourceReader& src, const versionset::CommitInfo& commit);

}  // namespace vsctl::engine
