#pragma once
// A rollout's query gates (manifest::Analysis of kind prometheus and http): the URL asked, one
// answer judged, and the tries around it. A bound that is not met fails at once; an answer that
// says nothing (no sample, NaN, not JSON, a status outside 2xx, no server) is asked again every
// interval, `tries` times in all, and then fails. Job gates run in the step (step_runner.cc).
#include <atomic>
#include <functional>
#include <string>

#include "apply/rollout.h"
#include "kube/webhook.h"
#include "manifest/model.h"
#include "util/error.h"

namespace vsctl::apply {

// Prometheus: <address>/api/v1/query?query=<the query, escaped>; http: the URL as written.
std::string analysis_url(const manifest::Analysis& a);
// "prometheus <query>", "http <url without its query string>"
std::string analysis_what(const manifest::Analysis& a);

// One answer, judged (tries and at are left to the caller).
rollout::AnalysisResult judge(const manifest::Analysis& a, const util::Result<kube::HttpAnswer>& answer);

// Asks until a verdict or `tries` inconclusive answers; `on_try` hears every inconclusive one;
// stops (inconclusive, "stopped") when `stop` says so between tries.
using Fetch = std::function<util::Result<kube::HttpAnswer>(const std::string& url)>;
rollout::AnalysisResult run_query_gate(const manifest::Analysis& a, const Fetch& fetch, const std::function<bool()>& stop,
                                       const std::function<void(const rollout::AnalysisResult&)>& on_try);

}  // namespace vsctl::apply
