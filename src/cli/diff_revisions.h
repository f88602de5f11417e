#pragma once
// vsctl diff REV1 REV2: two VersionSets compared offline, service by service and field by field,
// or with --objects, the Kubernetes objects they render to, object by object.
#include <string>

#include "cli/app.h"
#include "cli/git_workspace.h"
#include "versionset/changes.h"

namespace vsctl::cli {

struct RevisionsDiffOptions {
  std::string rev1, rev2;
  std::string output = "text";  // text, json, markdown
  bool objects = false;         // --objects
  versionset::SecretValues secrets = versionset::SecretValues::Masked;
};

// Exit 0 when they do not differ, 1 when they do; 3 when either does not parse (or, with
// --objects, does not render). Secret values are masked as the live diff masks them unless
// `secrets` says to show them.
util::Result<int> run_revisions_diff(const Globals& g, const RevisionsDiffOptions& o);

// With --objects (diff_objects.cc): the two VersionSets loaded already, both valid.
util::Result<int> run_objects_diff(const Globals& g, const RevisionsDiffOptions& o, const VersionSetSource& a,
                                   const VersionSetSource& b);

// "1a2b3c4 (HEAD~1)": the short commit id and the revision as given ("main" when it is the id).
std::string revision_label(const std::string& rev, const VersionSetSource& v);
// {"rev", "commit", "source"}: one side of the JSON document.
nlohmann::json revision_json(const std::string& rev, const VersionSetSource& v);
// The command that prints it all, in a Markdown code span, for a cut document's last line.
std::string full_command(const Globals& g, const RevisionsDiffOptions& o);

}  // namespace vsctl::cli
