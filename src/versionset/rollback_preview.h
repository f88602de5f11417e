#pragma once
// Where an offline rollback (vsctl rollback SERVICE... --from REV --dry-run) goes: the closure's
// input from the first-parent history of REV, and each named service's target (its version at
// --to REV, else the version it had before its current one).
#include <string>
#include <vector>

#include "versionset/history.h"
#include "versionset/rollback.h"
#include "versionset/source.h"
#include "versionset/store.h"

namespace vsctl::versionset {

struct PreviewRequest {
  std::vector<std::string> services;  // the named services
  std::string to;                     // --to REV, or "" for each one's previous version
  std::string from_label;             // "1a2b3c4 (main)", for messages
};

// The request for plan_rollback (without budget and clock). Usage for a service the VersionSet
// of REV does not have; Refused when a service never had another version, or `to` lacks it.
util::Result<RollbackRequest> preview_request(HistoryReader& reader, SourceReader& src, const RecordTable& t,
                                              const std::vector<VersionSetEntry>& newest_first, const PreviewRequest& p);

}  // namespace vsctl::versionset
