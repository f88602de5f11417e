#pragma once
// A live diff as the user sees it: a summary per service, then unified YAML diffs grouped by
// service (text), or one stable JSON document (docs/diff.md). Shared by diff and plan.
#include <optional>
#include <span>
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

// The parts of the text report, for every view of object diffs (the live diff, its change and
// drift views, diff REV1 REV2 --objects). Objects are grouped by service, as summarize() and
// compare_live() and compare_rendered() give them.
//
// The kind of change, with drift as its reason when nothing of the definition changes:
// "Update (drift)".
std::string change_label(const ServiceSummary& s);
// A service's name as reports show it: "(namespace)" for the architecture's own objects.
std::string service_label(const std::string& s);
// The change with what changes at a glance: "Update 2.2.0 -> 2.3.0", "Scale 2 -> 4".
std::string service_heading(const ServiceSummary& s);
// "2.2.0 -> 2.3.0, 2/4 objects; takes back changes made by kubectl-edit".
std::string service_detail(const ServiceSummary& s, std::span<const ObjectDiff> objects);
// The table of services that differ and a count line; "No differences: ..." when none does.
std::string summary_text(std::span<const ServiceSummary> services, std::span<const ObjectDiff> objects, bool color);
// Per service that differs, a heading and the unified diff of each object that differs.
std::string sections_text(std::span<const ServiceSummary> services, std::span<const ObjectDiff> objects, bool color,
                          const std::string& from_label, const std::string& to_label);
// {"services": [...], "objects": [...]} (the objects that differ), as in -o json; each object's
// "diff" from `from_label` to `to_label`.
k8s::Json view_json(std::span<const ServiceSummary> services, std::span<const ObjectDiff> objects,
                    const std::string& from_label = "live", const std::string& to_label = "after apply");

// The unified YAML diff of one object, with "--- live" / "+++ after apply" headers and
// `context` common lines around each change; "" when both sides are the same.
std::string object_diff_text(const ObjectDiff& d, bool color, const std::string& from_label = "live",
                             const std::string& to_label = "after apply", std::size_t context = 3);

}  // namespace vsctl::diff
