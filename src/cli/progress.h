#pragma once
// How an apply shows its progress: a live view redrawn in place on a terminal (one line per
// service: state, instances ready/desired, elapsed, what it waits for), plain timestamped lines
// otherwise, or a stream of JSON events on stdout (-o json). All on stderr except the JSON.
#include <memory>

#include "apply/events.h"

namespace vsctl::cli {

enum class ProgressStyle { Live, Lines, Json };

// Live on a terminal (stderr), Lines otherwise; Json when asked.
ProgressStyle progress_style(bool json);

std::unique_ptr<apply::Reporter> make_reporter(ProgressStyle style, bool color);

}  // namespace vsctl::cli
