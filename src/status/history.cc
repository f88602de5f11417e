#include "status/history.h"

#include <cctype>

#include "status/when.h"

namespace vsctl::status {

namespace {
// "Cancelled" and "cancelled": a reason that only repeats the outcome.
bool same_word(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}
}  // namespace

std::string describe_change(const apply::RecordedServiceEntry& c) {
  std::string out = c.name;
  if (c.change == "Scale" || (c.change != "Destroy" && !c.from_version.empty() && c.from_version == c.to_version)) {
    out += c.change == "Scale" ? " scale" : " " + c.to_version + " (changed)";
  } else if (c.change == "Provision" || c.from_version.empty()) {
    out += " +" + c.to_version;
  } else if (c.change == "Destroy" || c.to_version.empty()) {
    out += " -" + c.from_version;
  } else {
    out += " " + c.from_version + "->" + c.to_version;
  }
  if (!c.outcome.empty() && c.outcome != "succeeded")
    out += " (" + c.outcome + (c.reason.empty() || same_word(c.reason, c.outcome) ? "" : ": " + c.reason) + ")";
  return out;
}

std::string changed_summary(const apply::Record& r) {
  std::string out = std::to_string(r.changed.size());
  for (std::size_t i = 0; i < r.changed.size(); ++i) out += (i ? ", " : ": ") + describe_change(r.changed[i]);
  return out;
}

std::string duration(const apply::Record& r) {
  if (r.outcome == apply::Outcome::InProgress) return "-";
  auto s = parse_time(r.started), f = parse_time(r.finished);
  if (!s || !f) return "-";
  return format_span(std::chrono::duration_cast<std::chrono::milliseconds>(*f - *s));
}

std::string short_commit(const apply::Record& r) {
  if (!r.commit.empty()) return r.commit.substr(0, 12);
  // no commit: an uncommitted tree (--allow-dirty), or a VersionSet no single commit holds (a
  // named rollback composes versions from several); only the first is dirty
  if (!r.tree_digest.empty()) return (r.dirty ? "dirty " : "tree ") + r.tree_digest.substr(0, 12);
  return "-";
}

}  // namespace vsctl::status
