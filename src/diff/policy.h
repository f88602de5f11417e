#pragma once
// Who may change what in the cluster, as diff sees it: which field managers are people (their
// changes are drift, taken back by apply), which fields controllers own by design (left alone
// when the manifest leaves them out), and which fields are never compared. The defaults follow
// the manifest spec; a repository extends them in .vsctl/diff.yaml (docs/diff.md).
#include <string>
#include <string_view>
#include <vector>

#include "k8s/json.h"
#include "k8s/object_key.h"
#include "util/error.h"

namespace vsctl::diff {

// Objects a rule applies to: every field empty matches everything.
struct Selector {
  std::string kind;     // "Deployment"
  std::string name;     // metadata.name
  std::string service;  // the service that renders the object
  bool matches(const k8s::ObjectKey& key, std::string_view service_name) const;
};

// A field of the objects a selector picks: a JSON pointer where "*" stands for any one key
// or list index ("/spec/template/spec/containers/*/resources").
struct FieldRule {
  Selector select;
  std::string path;
};

struct Policy {
  // Managers whose fields are drift: kubectl's edit, set, scale, patch, client-side apply, and
  // plain "kubectl" (kubectl scale and kubectl apply --server-side since 1.3x). A trailing '*'
  // matches any suffix.
  std::vector<std::string> drift_managers;
  // Fields owned by controllers by design: when the manifest does not declare them, whoever set
  // them, apply leaves them alone and diff never shows them (an autoscaler's replicas).
  std::vector<FieldRule> controlled;
  // Fields never compared (shown neither as change nor as drift).
  std::vector<FieldRule> ignore;

  static Policy defaults();
  bool is_drift_manager(std::string_view manager) const;
};

// .vsctl/diff.yaml, merged over `base`:
//   driftManagers: [k9s]            # more managers whose fields are drift
//   notDriftManagers: [kubectl]     # managers taken out of the list
//   controlled: [{kind: Deployment, path: /spec/replicas}]
//   ignore: [{kind: Service, name: web, path: /metadata/annotations/example.com~1stamp}]
// Unknown keys and malformed entries are errors naming `source` and the entry.
util::Result<Policy> parse_policy(std::string_view source, std::string_view text, Policy base = Policy::defaults());

// Whether a JSON pointer matches a rule's path pattern: equal, or below it.
bool pointer_matches(std::string_view pattern, std::string_view pointer);

// Removes from `object` every field that a rule of `rules` selects for (key, service).
void erase_fields(k8s::Json& object, const std::vector<FieldRule>& rules, const k8s::ObjectKey& key,
                  std::string_view service);

}  // namespace vsctl::diff
