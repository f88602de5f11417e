#pragma once
// The lifecycle states of a service as seen live (manifest spec, "Lifecycle states and change
// kinds"), and the kinds of change. Ordered as a service moves through them.
#include <optional>
#include <string_view>

namespace vsctl::health {

enum class State { Provision, Ready, Run, Update, Rollback, Scale, Destroy, Failed };

// The kind of a change, in the spec's words. None: nothing to do.
enum class Change { None, Provision, Update, Rollback, Scale, Destroy };

const char* to_string(State s);
const char* to_string(Change c);
std::optional<State> parse_state(std::string_view s);
std::optional<Change> parse_change(std::string_view s);

// The state a service is in while a change of kind `c` is under way and not yet ready.
State in_progress_state(Change c);

}  // namespace vsctl::health
