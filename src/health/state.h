#pragma once
// The lifecycle states of a service as seen live (manifest spec, "Lifecycle states and change
// kinds"), ordered as a service moves through them. The kinds of change are change.h's.
#include <optional>
#include <string_view>

#include "health/change.h"

namespace vsctl::health {

enum class State { Provision, Ready, Run, Update, Rollback, Scale, Destroy, Failed };

// In the spec's words.
const char* to_string(State s);
std::optional<State> parse_state(std::string_view s);

// The state a service is in while a change of kind `c` is under way and not yet ready.
State in_progress_state(Change c);

}  // namespace vsctl::health
