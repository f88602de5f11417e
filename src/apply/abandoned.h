#pragma once
// Records left "in-progress" by runs that stopped without finishing (SIGKILL, a lost machine, a
// lost connection that outlasted the lease). A run holds the architecture's lock for as long as
// its record is in progress, so a record is still running only while the lock's lease is held
// and not expired (lock.h); any other in-progress record is abandoned. Readers (history, status,
// rollback) see such records as abandoned; the next run that takes the lock writes them so.
#include <chrono>
#include <map>
#include <optional>
#include <string>

#include "apply/record.h"
#include "kube/lease.h"

namespace vsctl::apply {

inline constexpr std::string_view kOutcomeAbandoned = "abandoned";

// Whether the lease says a run still holds the lock: a holder, and not expired by its renewal.
bool run_alive(const std::optional<kube::Lease>& lease, std::chrono::system_clock::time_point now);

// Why nobody runs a record any more, from the lease as it stands ("the lock is free", "the lock
// of alice@host (apply, pid 7) expired: last renewed ...").
std::string why_abandoned(const std::optional<kube::Lease>& lease);

// Closes `r` as abandoned: outcome, message ("abandoned: " + why), finished (when `now_text` is
// given), and every service still "pending" marked abandoned with what is live, when known
// (`live`: service -> its live version, "" for none).
void mark_abandoned(Record& r, const std::string& why, const std::string& now_text,
                    const std::map<std::string, std::string>* live = nullptr);

}  // namespace vsctl::apply
