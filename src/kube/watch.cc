#include "kube/watch.h"

namespace vsctl::kube {

ApiResult<WatchEvent> parse_watch_event(std::string_view line) {
  auto j = k8s::parse_json("watch event", line);
  if (!j || !j->is_object()) {
    ApiError e;
    e.kind = ApiErrorKind::Transport;
    e.message = "the watch stream carried a line that is not a JSON event";
    return api_fail(std::move(e));
  }
  std::string type = k8s::string_at(*j, "/type");
  WatchEvent ev;
  if (auto* obj = j->contains("object") ? &(*j)["object"] : nullptr) ev.object = std::move(*obj);
  if (type == "ADDED") {
    ev.type = WatchEventType::Added;
  } else if (type == "MODIFIED") {
    ev.type = WatchEventType::Modified;
  } else if (type == "DELETED") {
    ev.type = WatchEventType::Deleted;
  } else if (type == "BOOKMARK") {
    ev.type = WatchEventType::Bookmark;
  } else if (type == "ERROR") {
    int code = static_cast<int>(k8s::int_at(ev.object, "/code").value_or(500));
    return api_fail(from_response(code, k8s::dump(ev.object), "watch", ""));
  } else {
    ApiError e;
    e.kind = ApiErrorKind::Transport;
    e.message = "the watch stream carried an event of unknown type \"" + type + "\"";
    return api_fail(std::move(e));
  }
  return ev;
}

}  // namespace vsctl::kube
