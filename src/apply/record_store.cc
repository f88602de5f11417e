#include "apply/record_store.h"

#include <algorithm>
#include <charconv>
#include <functional>
#include <map>
#include <utility>

#include "apply/abandoned.h"
#include "apply/lock.h"

namespace vsctl::apply {

namespace {
const k8s::GroupVersionKind kSecret{"", "v1", "Secret"};
}

RecordStore::RecordStore(kube::ClusterClient& client, std::string ns, std::string architecture)
    : client_(client), ns_(std::move(ns)), arch_(std::move(architecture)) {}

std::string RecordStore::selector(const std::string& extra) const {
  return std::string(kLabelRecord) + "=" + arch_ + (extra.empty() ? "" : "," + extra);
}

kube::ClusterClient::ListQuery RecordStore::list_query() const {
  kube::ClusterClient::ListQuery q{kSecret, {}};
  q.opts.namespace_ = ns_;
  q.opts.label_selector = selector(std::string(kLabelPart) + "=header");
  q.opts.managed_fields = false;
  return q;
}

util::Result<std::vector<Record>> RecordStore::list(View view) {
  auto q = list_query();
  return from_list(client_.list(q.gvk, q.opts), view);
}

util::Result<std::vector<Record>> RecordStore::from_list(kube::ApiResult<kube::ObjectList> l, View view) {
  if (!l) {
    if (l.error().kind == kube::ApiErrorKind::NotFound) return std::vector<Record>{};
    return tl::unexpected(kube::to_error(l.error()));
  }
  std::vector<Record> out;
  for (const auto& s : l->items) {
    if (k8s::string_at(s, "/type") != kRecordType) continue;
    auto r = decode_header(s);
    if (!r) return tl::unexpected(r.error());
    out.push_back(std::move(*r));
  }
  std::sort(out.begin(), out.end(), [](const Record& a, const Record& b) { return a.revision > b.revision; });
  if (view == View::Inferred) see_abandoned(out);
  return out;
}

void RecordStore::see_abandoned(std::vector<Record>& records) {
  bool newest = true;
  std::optional<std::optional<kube::Lease>> lease;  // read once, only when needed
  for (auto& r : records) {
    bool first = std::exchange(newest, false);
    if (r.outcome != Outcome::InProgress) continue;
    // one run at a time holds the lock: only the newest record can still be running
    if (!first) {
      mark_abandoned(r, "a later run started while it was still marked in progress", "");
      continue;
    }
    if (!lease) {
      auto got = client_.get_lease(ns_, lock_name(arch_));
      if (!got) return;  // cannot tell: leave it as it says
      lease = std::move(*got);
    }
    if (!run_alive(*lease, std::chrono::system_clock::now())) mark_abandoned(r, why_abandoned(*lease), "");
  }
}

util::Result<std::optional<Record>> RecordStore::latest() {
  VSCTL_TRY(all, list());
  return newest_of(std::move(all));
}

std::optional<Record> newest_of(std::vector<Record> newest_first) {
  if (newest_first.empty()) return std::nullopt;
  Record newest = std::move(newest_first.front());
  // a failed run that put everything back: the cluster should run what the restored record says
  if (newest.restored > 0)
    for (auto& r : newest_first)
      if (r.revision == newest.restored) {
        newest.services = std::move(r.services);
        break;
      }
  return newest;
}

util::Result<std::vector<k8s::Json>> RecordStore::objects(const Record& r) {
  kube::ListOptions lo;
  lo.namespace_ = ns_;
  lo.label_selector = selector(std::string(kLabelRevision) + "=" + std::to_string(r.revision) + "," +
                               std::string(kLabelPart) + "!=header");
  lo.managed_fields = false;
  auto l = client_.list(kSecret, lo);
  if (!l) return tl::unexpected(kube::to_error(l.error()));
  if (static_cast<int>(l->items.size()) != r.parts)
    return util::fail(util::ErrorKind::Cluster, "record " + std::to_string(r.revision) + " of " + arch_ + " has " +
                                                    std::to_string(l->items.size()) + " of its " + std::to_string(r.parts) +
                                                    " parts: its objects cannot be read");
  return decode_objects(l->items);
}

util::Result<void> RecordStore::begin(Record& r) {
  VSCTL_TRY(all, list(View::AsStored));
  r.revision = all.empty() ? 1 : all.front().revision + 1;
  kube::ApplyOptions ao;
  ao.force = kube::Force::Yes;
  auto secrets = encode(r);
  r.parts = static_cast<int>(secrets.size()) - 1;
  // parts first: a header only ever names parts that exist
  for (std::size_t i = secrets.size(); i-- > 0;) {
    auto w = client_.apply(secrets[i], ao);
    if (!w) return util::fail(util::ErrorKind::Cluster, "could not write the record: " + kube::describe(w.error()));
  }
  return {};
}

util::Result<void> RecordStore::complete(const Record& r) {
  kube::ApplyOptions ao;
  ao.force = kube::Force::Yes;
  auto w = client_.apply(encode_header(r), ao);
  if (!w) return util::fail(util::ErrorKind::Cluster, "could not complete the record: " + kube::describe(w.error()));
  return {};
}

util::Result<void> RecordStore::trim(int keep, int current) {
  if (keep <= 0) return {};
  // Names and labels are all trimming reads: the metadata of every Secret of the records,
  // headers and parts (decoding every header took 16 MB at 500 services, at the end of an
  // apply). A part left by a run that stopped before its header was written goes with its
  // revision too.
  kube::ListOptions lo;
  lo.namespace_ = ns_;
  lo.label_selector = selector();
  lo.managed_fields = false;
  lo.metadata_only = true;
  auto l = client_.list(kSecret, lo);
  if (!l) {
    if (l.error().kind == kube::ApiErrorKind::NotFound) return {};
    return util::fail(util::ErrorKind::Cluster, "could not trim the history: " + kube::describe(l.error()));
  }
  struct Revision {
    std::vector<std::string> parts;
    std::string header;
  };
  std::map<int, Revision, std::greater<>> revisions;  // newest first
  for (const auto& s : l->items) {
    const std::string rev = k8s::string_at(s, "/metadata/labels/" + k8s::pointer_token(std::string(kLabelRevision)));
    const std::string part = k8s::string_at(s, "/metadata/labels/" + k8s::pointer_token(std::string(kLabelPart)));
    const std::string name = k8s::string_at(s, "/metadata/name");
    int n = 0;
    auto [end, ec] = std::from_chars(rev.data(), rev.data() + rev.size(), n);
    if (name.empty() || ec != std::errc() || end != rev.data() + rev.size()) continue;  // not one we wrote
    if (part == "header") revisions[n].header = name;
    else revisions[n].parts.push_back(name);
  }
  kube::DeleteOptions d;
  int seen = 0;
  for (const auto& [revision, r] : revisions) {
    if (seen++ < keep || revision == current) continue;
    // the parts first: a header always finds its parts, or says that some are missing
    for (const auto& p : r.parts) (void)client_.remove({"", "v1", "Secret", ns_, p}, d);
    if (r.header.empty()) continue;
    auto rm = client_.remove({"", "v1", "Secret", ns_, r.header}, d);
    if (!rm) return util::fail(util::ErrorKind::Cluster, "could not trim the history: " + kube::describe(rm.error()));
  }
  return {};
}

}  // namespace vsctl::apply
