#pragma once
// What changed between two VersionSets, service by service (kinds in change.h). Pure.
#include <string>
#include <vector>

#include "manifest/model.h"
#include "versionset/change.h"
#include "versionset/store.h"
#include "versionset/summary.h"

namespace vsctl::versionset {

// Between the summaries of two commits (either may be absent: no manifest). Objects files
// whose blob changed count as a change of `objects` for each service that refers to them.
std::vector<ServiceChange> summary_changes(const RecordTable& t, const CommitRecord* before_commit, const Summary* before,
                                           const CommitRecord* after_commit, const Summary* after);

// One field of a definition that differs: `path` like "env.CART_ADDR" or "ports[0].port".
struct FieldChange {
  std::string path;
  manifest::Json from, to;  // null on the side where the field is absent
};

struct ServiceDiff {
  std::string service;
  Change kind = Change::Update;
  std::string from, to;
  std::vector<FieldChange> fields;
};

// Whether the values of Secrets (in objects files, and patches of Secrets) are shown.
enum class SecretValues { Masked, Shown };

// Between two views, from their services' definitions (manifest::definition), field by field.
// Services that are equal are left out; sorted by service name. Secret values are masked as
// the live diff masks them (k8s::mask_secret) unless asked for.
std::vector<ServiceDiff> diff_views(const manifest::Architecture& before, const manifest::Architecture& after,
                                    SecretValues secrets = SecretValues::Masked);

// Field by field between two JSON values, objects by key and arrays by index.
std::vector<FieldChange> diff_json(const manifest::Json& before, const manifest::Json& after);

}  // namespace vsctl::versionset
