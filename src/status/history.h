#pragma once
// How a record reads in vsctl history: the services it changed and how long it took. Pure.
#include <string>

#include "apply/record.h"

namespace vsctl::status {

// One change: "api 1.0.0->1.1.0", "db +16.2.0" (provisioned), "web -2.0.0" (destroyed),
// "web scale" (only instances); " (failed: CrashLoopBackOff)" and the like when it did not succeed.
std::string describe_change(const apply::RecordedServiceEntry& c);

// "2: api 1.0.0->1.1.0, web scale"; "0" when it changed nothing.
std::string changed_summary(const apply::Record& r);

// "41s"; "-" while in progress or when the times do not parse.
std::string duration(const apply::Record& r);

// The first 12 characters of the commit; "dirty <tree digest, 12>" for a dirty tree; "-" for none.
std::string short_commit(const apply::Record& r);

}  // namespace vsctl::status
