#pragma once
// Watch events, as streamed from a resourceVersion: one JSON event per line.
#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "k8s/json.h"
#include "kube/api_error.h"

namespace vsctl::kube {

enum class WatchEventType { Added, Modified, Deleted, Bookmark };

struct WatchEvent {
  WatchEventType type = WatchEventType::Added;
  k8s::Json object;  // the object; for Bookmark only metadata.resourceVersion
};

enum class WatchControl { Continue, Stop };
using WatchHandler = std::function<WatchControl(const WatchEvent&)>;

struct WatchOptions {
  std::string namespace_;  // "" for all namespaces (or a cluster-scoped kind)
  std::string label_selector;
  std::string field_selector;  // e.g. "metadata.name=cart"
  std::string resource_version;  // from the LIST this watch follows
  std::chrono::steady_clock::time_point deadline;
  // Set by another thread to end the watch early (it then ends as Stopped, within about a
  // second even when no event arrives): a run that is done need not wait out the window.
  const std::atomic<bool>* cancel = nullptr;
};

enum class WatchEndReason {
  Stopped,   // the handler returned Stop
  Deadline,  // the deadline passed
};

struct WatchEnd {
  WatchEndReason reason = WatchEndReason::Deadline;
  std::string resource_version;  // the last one seen (events and bookmarks)
};

// Parses one line of a watch stream. A 410 Status inside an ERROR event is returned as an
// ApiError of kind Gone (the caller LISTs again); other ERROR events as their error.
ApiResult<WatchEvent> parse_watch_event(std::string_view line);

// Splits a byte stream into lines, across chunk boundaries.
class LineSplitter {
 public:
  // Calls `f` with each complete line (without '\n'); stops and returns false when f does.
  template <class F>
  bool feed(std::string_view chunk, F&& f) {
    buffer_.append(chunk);
    std::size_t start = 0;
    while (true) {
      auto nl = buffer_.find('\n', start);
      if (nl == std::string::npos) break;
      std::string_view line(buffer_.data() + start, nl - start);
      start = nl + 1;
      if (!line.empty() && !f(line)) {
        buffer_.erase(0, start);
        return false;
      }
    }
    buffer_.erase(0, start);
    return true;
  }
  std::size_t pending() const { return buffer_.size(); }

 private:
  std::string buffer_;
};

}  // namespace vsctl::kube
