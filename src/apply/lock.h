#pragma once
// The lock of an architecture in a namespace: a coordination.k8s.io/v1 Lease named
// "vsctl-lock-<architecture>". Taken with create, or by update carrying the resourceVersion
// read (a race loses with 409). Renewed while the run lasts. Someone else's lease is taken over
// only when it has not changed for longer than its duration, judged by when this process last
// saw it change (never by comparing clocks). --wait-for-lock waits in line until then.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "kube/cluster_client.h"
#include "util/error.h"

namespace vsctl::apply {

struct LockOptions {
  std::string ns, architecture;
  std::string holder;      // "user@host (apply, pid 123)"
  std::string operation;   // apply, rollback, destroy
  int duration_s = 30;
  std::chrono::milliseconds wait{0};  // --wait-for-lock
  const std::atomic<bool>* interrupted = nullptr;
};

std::string lock_name(std::string_view architecture);

class Lock {
 public:
  Lock(kube::ClusterClient& client, LockOptions opts);
  ~Lock();
  Lock(const Lock&) = delete;
  Lock& operator=(const Lock&) = delete;

  // Takes the lock (waiting up to opts.wait); ErrorKind::Locked naming the holder and since
  // when; Interrupted when interrupted while waiting.
  util::Result<void> acquire();
  // Stops renewing and gives the lease up (holder cleared). Safe to call twice.
  util::Result<void> release();
  // False once a renewal found the lease taken by someone else.
  bool held() const { return held_; }

 private:
  void renew_loop();

  kube::ClusterClient& client_;
  LockOptions opts_;
  kube::Lease lease_;
  std::atomic<bool> held_{false};
  std::atomic<bool> stop_{false};
  std::thread renewer_;
  std::mutex mu_;
  std::condition_variable cv_;
};

}  // namespace vsctl::apply
