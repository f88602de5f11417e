#include "reconcile/report.h"

namespace vsctl::reconcile {

const char* to_string(Outcome o) {
  switch (o) {
    case Outcome::Converged: return "converged";
    case Outcome::Applied: return "applied";
    case Outcome::Refused: return "refused";
    case Outcome::Locked: return "locked";
    case Outcome::Failed: return "failed";
    case Outcome::Unreachable: return "unreachable";
  }
  return "?";
}

}  // namespace vsctl::reconcile
