#pragma once
// The lock of an architecture in a namespace: a coordination.k8s.io/v1 Lease named
// "vsctl-lock-<architecture>". Taken with create, or by update carrying the resourceVersion
// read (a race loses with 409). Renewed every third of its duration while the run lasts.
//
// A lease that has expired is held by no one, and any run takes it over at once. Expired means
// either of:
//  - its renewTime (written by the holder's clock) is older than its duration plus kClockSkew by
//    this machine's clock: a holder that was SIGKILLed or lost its machine stops renewing, and the
//    next command takes over without waiting (the skew allowance keeps two machines whose clocks
//    differ by up to kClockSkew from taking a live lease);
//  - this process has seen it unchanged for longer than its duration (the judgement that needs no
//    clock at all, for a lease with no renewTime or one stamped in the future).
// A live lease is waited for only with --wait-for-lock. A takeover is reported (taken_over())
// so the run can say whose lease it took and close the record that holder left open.
//
// Waiting is in line, first come first served: a waiting run holds a ticket, a Lease
// "vsctl-queue-<architecture>-<random>" stamped with when it joined and renewed like the lock;
// a free lock goes to the earliest live ticket. A waiter that dies stops renewing its ticket and
// drops out of the line; a run without --wait-for-lock does not jump the line (exit 7).
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "kube/cluster_client.h"
#include "util/error.h"

namespace vsctl::apply {

// The lease every run writes, and the clock allowance every reader judges it with.
inline constexpr int kLeaseSeconds = 30;
inline constexpr std::chrono::seconds kClockSkew{5};

struct LockOptions {
  std::string ns, architecture;
  std::string holder;      // "user@host (apply, pid 123)"
  std::string operation;   // apply, rollback, destroy
  int duration_s = kLeaseSeconds;
  std::chrono::milliseconds wait{0};  // --wait-for-lock
  std::chrono::seconds clock_skew = kClockSkew;  // how far apart two machines' clocks may be
  const std::atomic<bool>* interrupted = nullptr;
  // Told once, when acquire() starts waiting in line: whose lease it waits for.
  std::function<void(const std::string&)> on_wait;
};

std::string lock_name(std::string_view architecture);
// The name prefix of the tickets of runs waiting in line for it.
std::string queue_prefix(std::string_view architecture);

// The lease a run took over from a holder that stopped renewing it.
struct Takeover {
  std::string holder;     // who held it: "user@host (apply, pid 123)"
  std::string operation;  // what that holder was running
  std::string since;      // when it took the lease (RFC 3339), or ""
  std::string renewed;    // its last renewal (RFC 3339), or ""
  std::chrono::seconds silent{0};  // how long before the takeover it last renewed (by this clock)
  int duration_s = 0;
};
// "alice@host (apply, pid 7), holding it since T, last renewed T2 (45s ago; the lease lasts 30s)"
std::string describe(const Takeover& t);

// Whether someone else's lease has expired by its renewTime: more than its duration plus `skew`
// before `now`. A lease without renewTime, or renewed in the future, is not judged this way.
bool expired_by_renewal(const kube::Lease& lease, std::chrono::system_clock::time_point now,
                        std::chrono::seconds skew, int default_duration_s);

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
  // Set when acquire() took over an expired lease from another holder.
  const std::optional<Takeover>& taken_over() const { return takeover_; }

 private:
  void renew_loop();
  void renew_ticket();  // joins the line, or renews this run's place in it
  void leave_queue();
  std::vector<kube::Lease> ahead_in_line();  // live tickets ahead of this run's, earliest first

  kube::ClusterClient& client_;
  LockOptions opts_;
  kube::Lease lease_;
  std::optional<Takeover> takeover_;
  std::optional<kube::Lease> ticket_;
  std::chrono::steady_clock::time_point ticket_renewed_{};
  std::atomic<bool> held_{false};
  std::atomic<bool> stop_{false};
  std::thread renewer_;
  std::mutex mu_;
  std::condition_variable cv_;
};

}  // namespace vsctl::apply
