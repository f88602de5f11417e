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

const char* to_string(Change c) {
  switch (c) {
    case Change::None: return "None";
    case Change::Provision: return "Provision";
    case Change::Update: return "Update";
    case Change::Rollback: return "Rollback";
    case Change::Scale: return "Scale";
    case Change::Destroy: return "Destroy";
  }
  return "Unknown";
}

std::optional<State> parse_state(std::string_view s) {
  for (State x : {State::Provision, State::Ready, State::Run, State::Update, State::Rollback, State::Scale,
                  State::Destroy, State::Failed})
    if (s == to_string(x)) return x;
  return std::nullopt;
}

std::optional<Change> parse_change(std::string_view s) {
  for (Change x : {Change::None, Change::Provision, Change::Update, Change::Rollback, Change::Scale, Change::Destroy})
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
