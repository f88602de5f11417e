#pragma once
// Reads a known sequence of blobs ahead, on a thread with its own SourceReader, while the
// caller works on the ones already read (history walks spend about as long in libgit2 inflating
// and applying deltas as in summarising). Falls back to reading in the caller's thread when the
// source cannot be cloned.
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "versionset/source.h"

namespace vsctl::versionset {

class BlobPrefetcher {
 public:
  BlobPrefetcher(SourceReader& src, std::vector<Oid> ids, std::size_t max_bytes, std::size_t window = 16);
  ~BlobPrefetcher();
  BlobPrefetcher(const BlobPrefetcher&) = delete;
  BlobPrefetcher& operator=(const BlobPrefetcher&) = delete;

  // The next blob of the sequence (the i-th call returns ids[i]).
  util::Result<std::string> next();

 private:
  void run();

  SourceReader& src_;
  std::unique_ptr<SourceReader> other_;
  std::vector<Oid> ids_;
  std::size_t max_bytes_, window_;
  std::size_t taken_ = 0;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<util::Result<std::string>> ready_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace vsctl::versionset
