#pragma once
// The error type of the whole core. Kinds drive behaviour (exit codes, retries); the message
// names the thing at fault and what to do.
#include <string>
#include <utility>

#include <tl/expected.hpp>

namespace vsctl::util {

enum class ErrorKind {
  Usage,        // bad flag or argument                       -> exit 2
  Invalid,      // the manifest is invalid / breaks the base   -> exit 3
  Git,          // not a repository, unknown REV              -> exit 4
  Cluster,      // unreachable, TLS, auth, API error          -> exit 5
  Convergence,  // a service did not reach Run in time        -> exit 6
  Locked,       // another run holds the lock                 -> exit 7
  Refused,      // a line nobody allowed was crossed          -> exit 8
  Interrupted,  // SIGINT / SIGTERM                           -> exit 130
  Io,           // a local file could not be read or written  -> exit 2
  Internal,     // a bug                                      -> exit 70
};

struct Error {
  ErrorKind kind = ErrorKind::Internal;
  std::string message;
};

template <class T>
using Result = tl::expected<T, Error>;

inline tl::unexpected<Error> fail(ErrorKind kind, std::string message) {
  return tl::unexpected<Error>(Error{kind, std::move(message)});
}

int exit_code(ErrorKind kind);
const char* to_string(ErrorKind kind);

}  // namespace vsctl::util

// VSCTL_TRY(var, expr): evaluates expr (a Result); on error returns it from the enclosing
// function, else moves the value into a new variable `var`.
#define VSCTL_CONCAT_INNER(a, b) a##b
#define VSCTL_CONCAT(a, b) VSCTL_CONCAT_INNER(a, b)
#define VSCTL_TRY_IMPL(tmp, var, expr)                               \
  auto tmp = (expr);                                                 \
  if (!tmp) return ::tl::unexpected<::vsctl::util::Error>(std::move(tmp).error()); \
  auto var = std::move(*tmp)
#define VSCTL_TRY(var, expr) VSCTL_TRY_IMPL(VSCTL_CONCAT(vsctl_try_, __LINE__), var, expr)
// VSCTL_CHECK(expr): for Result<void> and results whose value is not needed.
#define VSCTL_CHECK(expr)                                                          \
  do {                                                                             \
    auto vsctl_check_ = (expr);                                                    \
    if (!vsctl_check_) return ::tl::unexpected<::vsctl::util::Error>(std::move(vsctl_check_).error()); \
  } while (0)
