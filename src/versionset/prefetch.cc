#include "versionset/prefetch.h"

namespace vsctl::versionset {

BlobPrefetcher::BlobPrefetcher(SourceReader& src, std::vector<Oid> ids, std::size_t max_bytes, std::size_t window)
    : src_(src), ids_(std::move(ids)), max_bytes_(max_bytes), window_(window) {
  if (ids_.size() < 2) return;  // nothing to overlap
  other_ = src_.clone();
  if (other_) thread_ = std::thread([this] { run(); });
}

BlobPrefetcher::~BlobPrefetcher() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void BlobPrefetcher::run() {
  for (const Oid& id : ids_) {
    auto blob = other_->blob(id, max_bytes_);
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return stop_ || ready_.size() < window_; });
    if (stop_) return;
    ready_.push_back(std::move(blob));
    cv_.notify_all();
  }
}

util::Result<std::string> BlobPrefetcher::next() {
  if (taken_ >= ids_.size()) return util::fail(util::ErrorKind::Internal, "read past the prefetched blobs");
  const Oid& id = ids_[taken_++];
  if (!thread_.joinable()) return src_.blob(id, max_bytes_);
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return !ready_.empty(); });
  auto blob = std::move(ready_.front());
  ready_.pop_front();
  cv_.notify_all();
  return blob;
}

}  // namespace vsctl::versionset
