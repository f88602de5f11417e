#include "util/error.h"

namespace vsctl::util {

int exit_code(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Usage: return 2;
    case ErrorKind::Io: return 2;
    case ErrorKind::Invalid: return 3;
    case ErrorKind::Git: return 4;
    case ErrorKind::Cluster: return 5;
    case ErrorKind::Convergence: return 6;
    case ErrorKind::Locked: return 7;
    case ErrorKind::Refused: return 8;
    case ErrorKind::Interrupted: return 130;
    case ErrorKind::Internal: return 70;
  }
  return 70;
}

const char* to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Usage: return "usage";
    case ErrorKind::Io: return "io";
    case ErrorKind::Invalid: return "invalid";
    case ErrorKind::Git: return "git";
    case ErrorKind::Cluster: return "cluster";
    case ErrorKind::Convergence: return "convergence";
    case ErrorKind::Locked: return "locked";
    case ErrorKind::Refused: return "refused";
    case ErrorKind::Interrupted: return "interrupted";
    case ErrorKind::Internal: return "internal";
  }
  return "internal";
}

}  // namespace vsctl::util
