#include "apply/lock.h"

#include "k8s/labels.h"

namespace vsctl::apply {

namespace {
using SysClock = std::chrono::system_clock;
using Clock = std::chrono::steady_clock;

std::string since(const kube::Lease& l) {
  auto t = l.acquire_time ? l.acquire_time : l.renew_time;
  return t ? kube::format_micro_time(*t).substr(0, 19) + "Z" : std::string("an unknown time");
}
}  // namespace

std::string lock_name(std::string_view architecture) { return "vsctl-lock-" + std::string(architecture); }

Lock::Lock(kube::ClusterClient& client, LockOptions opts) : client_(client), opts_(std::move(opts)) {}

Lock::~Lock() { (void)release(); }

util::Result<void> Lock::acquire() {
  const std::string name = lock_name(opts_.architecture);
  const auto give_up = Clock::now() + opts_.wait;
  std::string seen_rv;
  Clock::time_point seen_at = Clock::now();
  while (true) {
    if (opts_.interrupted && *opts_.interrupted) return util::fail(util::ErrorKind::Interrupted, "interrupted while waiting for the lock");
    auto got = client_.get_lease(opts_.ns, name);
    if (!got) return tl::unexpected(kube::to_error(got.error()));
    kube::Lease want;
    want.namespace_ = opts_.ns;
    want.name = name;
    want.holder = opts_.holder;
    want.duration_seconds = opts_.duration_s;
    want.acquire_time = want.renew_time = SysClock::now();
    want.annotations = {{"vsctl.dev/operation", opts_.operation},
                        {std::string(k8s::kLabelPartOf), opts_.architecture}};
    kube::ApiResult<kube::Lease> r = kube::api_fail({});
    bool free = !*got || (*got)->holder.empty();
    if (*got && !free) {
      if ((*got)->resource_version != seen_rv) {  // it changed (or first look): restart the clock
        seen_rv = (*got)->resource_version;
        seen_at = Clock::now();
      }
      int dur = (*got)->duration_seconds > 0 ? (*got)->duration_seconds : opts_.duration_s;
      bool expired = Clock::now() - seen_at > std::chrono::seconds(dur);
      if (!expired) {
        if (Clock::now() >= give_up)
          return util::fail(util::ErrorKind::Locked,
                            "the architecture " + opts_.architecture + " in namespace " + opts_.ns + " is locked by " +
                                (*got)->holder + " since " + since(**got) + " (Lease " + opts_.ns + "/" + name +
                                "); wait for it to finish, or pass --wait-for-lock DURATION to wait in line");
        std::unique_lock lock(mu_);
        cv_.wait_for(lock, std::chrono::milliseconds(500));
        continue;
      }
    }
    if (*got) {
      want.resource_version = (*got)->resource_version;
      want.transitions = (*got)->transitions + 1;
      r = client_.update_lease(want);
    } else {
      r = client_.create_lease(want);
    }
    if (!r) {
      auto k = r.error().kind;
      if (k == kube::ApiErrorKind::Conflict || k == kube::ApiErrorKind::AlreadyExists) continue;  // lost a race: look again
      return tl::unexpected(kube::to_error(r.error()));
    }
    lease_ = *r;
    held_ = true;
    stop_ = false;
    renewer_ = std::thread([this] { renew_loop(); });
    return {};
  }
}

void Lock::renew_loop() {
  auto period = std::chrono::milliseconds(opts_.duration_s * 1000 / 3);
  while (true) {
    {
      std::unique_lock lock(mu_);
      if (cv_.wait_for(lock, period, [&] { return stop_.load(); })) return;
    }
    kube::Lease l;
    {
      std::lock_guard lock(mu_);
      l = lease_;
    }
    l.renew_time = SysClock::now();
    auto r = client_.update_lease(l);
    if (r) {
      std::lock_guard lock(mu_);
      lease_ = *r;
    } else if (r.error().kind == kube::ApiErrorKind::Conflict || r.error().kind == kube::ApiErrorKind::NotFound) {
      held_ = false;  // someone took it over
      return;
    }  // transient errors: try again next period; the lease outlives a few misses
  }
}

util::Result<void> Lock::release() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (renewer_.joinable()) renewer_.join();
  if (!held_) return {};
  held_ = false;
  kube::Lease l = lease_;
  l.holder.clear();
  l.acquire_time.reset();
  l.renew_time = SysClock::now();
  auto r = client_.update_lease(l);
  if (!r && r.error().kind != kube::ApiErrorKind::Conflict)
    return util::fail(util::ErrorKind::Cluster, "could not release the lock: " + kube::describe(r.error()));
  return {};
}

}  // namespace vsctl::apply
