#pragma once
// The registry and the history as JSON (docs/status.md documents the shapes; fields are only
// ever added).
#include <span>

#include "apply/record.h"
#include "k8s/json.h"
#include "status/registry.h"

namespace vsctl::status {

// {"apiVersion":"vsctl.dev/v1","kind":"Status","architecture",...,"applied":{...}|null,
//  "summary":{...},"services":[...],"vetoes":[...]}
k8s::Json to_json(const Registry& r);

// {"apiVersion":"vsctl.dev/v1","kind":"History","architecture",...,"records":[...]}, newest first.
k8s::Json history_json(const std::string& architecture, const std::string& ns, std::span<const apply::Record> records);

// One record's entry in the history: revision, operation, commit, environment, who, started,
// finished, durationSeconds (null while in progress), outcome, message, changed[].
k8s::Json history_entry(const apply::Record& r);

}  // namespace vsctl::status
