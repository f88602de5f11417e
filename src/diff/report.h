#pragma once
// A live diff as the user sees it: a summary per service, then unified YAML diffs grouped by
// service (text), or one stable JSON document (docs/diff.md). Shared by diff and plan.
#include <optional>
#include <string>
#include <vector>

#include "diff/compare.h"
#include "diff/summary.h"
#include "k8s/json.h"

namespace vsctl::diff {

struct Report {
  std::string architecture;
  std::string environment;
  std::string namespace_;
  std::string context;
  std::string revision;  // "" for the working tree
  std::vector<ObjectDiff> objects;  // every object compared, grouped by service
  std::vector<ServiceSummary> services;
  // With --base: the change from the base, and drift already in the cluster.
  struct View {
    std::vector<ObjectDiff> objects;
    std::vector<ServiceSummary> services;
  };
  std::optional<std::string> base;
  View change, drift;

  bool differs() const;
};

// The summary table and the unified diffs; `color` for a terminal.
std::string report_text(const Report& r, bool color);
// The -o json document.
k8s::Json report_json(const Report& r);

// The unified YAML diff of one object, with "--- live" / "+++ after apply" headers; "" when
// both sides are the same.
std::string object_diff_text(const ObjectDiff& d, bool color, const std::string& from_label = "live",
                             const std::string& to_label = "after apply");

}  // namespace vsctl::diff
