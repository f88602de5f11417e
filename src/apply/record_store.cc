#include "apply/record_store.h"

#include <algorithm>
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
  VSCTL_TRY(all, list());
  for (std::size_t i = static_cast<std::size_t>(keep); i < all.size(); ++i) {
    if (all[i].revision == current) continue;
    kube::DeleteOptions d;
    for (int p = 1; p <= all[i].parts; ++p)
      (void)client_.remove({"", "v1", "Secret", ns_, part_name(arch_, all[i].revision, p)}, d);
    auto r = client_.remove({"", "v1", "Secret", ns_, header_name(arch_, all[i].revision)}, d);
    if (!r) return util::fail(util::ErrorKind::Cluster, "could not trim the history: " + kube::describe(r.error()));
  }
  return {};
}

}  // namespace vsctl::apply
