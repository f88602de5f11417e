#include "apply/hook_logs.h"

#include <vector>

#include "kube/redact.h"
#include "util/printable.h"

namespace vsctl::apply {

namespace {
constexpr std::size_t kErrorChars = 160;  // of the server's answer when the logs cannot be read
}

std::string log_excerpt(std::string_view raw, std::size_t lines, std::size_t bytes) {
  // a container's output may hold terminal escapes: shown as \xNN wherever it is printed
  std::string text = util::printable(kube::redact_text(raw), util::Newlines::Keep);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  if (text.empty()) return {};
  std::vector<std::string_view> all;
  std::string_view rest = text;
  while (true) {
    auto nl = rest.find('\n');
    all.push_back(rest.substr(0, nl));
    if (nl == std::string_view::npos) break;
    rest.remove_prefix(nl + 1);
  }
  bool cut = all.size() > lines;
  std::size_t first = cut ? all.size() - lines : 0;
  std::size_t size = 0;
  std::size_t keep_from = all.size();
  while (keep_from > first && size + all[keep_from - 1].size() + 1 <= bytes) size += all[--keep_from].size() + 1;
  std::string out;
  if (keep_from == all.size()) {  // the last line alone is longer than `bytes`: its end
    std::string_view last = all.back();
    out = "[...]\n" + std::string(last.substr(last.size() - (bytes > 6 ? bytes - 6 : 0)));
    return out;
  }
  if (cut || keep_from > first) out = "[...]\n";
  for (std::size_t i = keep_from; i < all.size(); ++i) {
    out += all[i];
    if (i + 1 < all.size()) out += '\n';
  }
  return out;
}

health::HookLogs read_hook_logs(kube::ClusterClient& client, const std::string& ns, std::span<const k8s::Json> pods) {
  const k8s::Json* newest = nullptr;
  for (const auto& p : pods)
    if (!newest || k8s::string_at(p, "/metadata/creationTimestamp") >= k8s::string_at(*newest, "/metadata/creationTimestamp"))
      newest = &p;
  if (!newest) return {{}, "the job has no pod left"};
  std::string container;
  if (const auto* cs = k8s::find(*newest, "/spec/containers"); cs && cs->is_array() && !cs->empty())
    container = k8s::string_at((*cs)[0], "/name");
  auto log = client.pod_log(ns, k8s::string_at(*newest, "/metadata/name"), container, static_cast<int>(kHookLogLines),
                            static_cast<int>(4 * kHookLogBytes));
  if (!log) {
    const auto& e = log.error();
    if (e.kind == kube::ApiErrorKind::NotFound) return {{}, "its pod " + k8s::string_at(*newest, "/metadata/name") + " is gone"};
    std::string why = e.http_status ? std::to_string(e.http_status) : std::string(kube::to_string(e.kind));
    std::string m = e.message.size() > kErrorChars ? e.message.substr(0, kErrorChars) + "..." : e.message;
    return {{}, why + (m.empty() ? "" : ": " + m)};
  }
  std::string excerpt = log_excerpt(*log);
  if (excerpt.empty()) return {{}, "the log is empty"};
  return {excerpt, {}};
}

}  // namespace vsctl::apply
