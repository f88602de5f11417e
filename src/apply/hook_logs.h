#pragma once
// The last lines of a failed hook's log, for its failure message: read through the pods/log
// subresource of the Job's newest pod, redacted (kube/redact.h) and bounded, or why they could
// not be read (no kubelet answering, the pod already gone, RBAC).
#include <span>
#include <string>
#include <string_view>

#include "health/cause.h"
#include "k8s/json.h"
#include "kube/cluster_client.h"

namespace vsctl::apply {

inline constexpr std::size_t kHookLogLines = 20;
inline constexpr std::size_t kHookLogBytes = 4 * 1024;

// `raw` redacted, then its last `lines` lines and at most its last `bytes` bytes (whole lines; a
// longer last line is cut at its start), with "[...]" first when something was left out.
std::string log_excerpt(std::string_view raw, std::size_t lines = kHookLogLines, std::size_t bytes = kHookLogBytes);

// Reads the log of the newest of `pods` (the Job's).
health::HookLogs read_hook_logs(kube::ClusterClient& client, const std::string& ns, std::span<const k8s::Json> pods);

}  // namespace vsctl::apply
