#include "health/state.h"

namespace vsctl::health {

const char* to_string(State s) {
  switch (s) {
    case State::Provision: return "Provision";
    case State::Ready: return "Ready";
    case State::Run: return "Run";
    case State::Update: return "Update";
    case State::Rollback: return "Rollback";
    case State::Scale: return "Scale";
    case State::Destroy: return "Destroy";
    case State::Failed: return "Failed";
  }
  return "Unknown";
}

std::optional<State> parse_state(std::string_view s) {
  for (State x : {State::Provision, State::Ready, State::Run, State::Update, State::Rollback, State::Scale,
                  State::Destroy, State::Failed})
    if (s == to_string(x)) return x;
  return std::nullopt;
}

State in_progress_state(Change c) {
  switch (c) {
    case Change::Update: return State::Update;
    case Change::Rollback: return State::Rollback;
    case Change::Scale: return State::Scale;
    case Change::Destroy: return State::Destroy;
    case Change::None:
    case Change::Provision: return State::Provision;
  }
  return State::Provision;
}

}  // namespace vsctl::health
