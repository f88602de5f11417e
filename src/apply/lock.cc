#include "apply/lock.h"

#include <algorithm>
#include <cstdio>
#include <random>

#include "k8s/labels.h"

namespace vsctl::apply {

namespace {
using SysClock = std::chrono::system_clock;
using Clock = std::chrono::steady_clock;

std::string seconds_text(const std::optional<SysClock::time_point>& t) {
  return t ? kube::format_micro_time(*t).substr(0, 19) + "Z" : std::string();
}

std::string since(const kube::Lease& l) {
  auto s = seconds_text(l.acquire_time ? l.acquire_time : l.renew_time);
  return s.empty() ? std::string("an unknown time") : s;
}

int duration_of(const kube::Lease& l, int default_s) { return l.duration_seconds > 0 ? l.duration_seconds : default_s; }

const k8s::GroupVersionKind kLeaseKind{"coordination.k8s.io", "v1", "Lease"};

std::string random_suffix() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(rng()));
  return std::string(buf, 10);
}

// Earlier in line: joined first (by the joiner's clock), then by name.
bool ahead_of(const kube::Lease& a, const kube::Lease& b) {
  auto ta = a.acquire_time.value_or(SysClock::time_point{}), tb = b.acquire_time.value_or(SysClock::time_point{});
  return ta != tb ? ta < tb : a.name < b.name;
}
}  // namespace

std::string queue_prefix(std::string_view architecture) { return "vsctl-queue-" + std::string(architecture) + "-"; }

void Lock::renew_ticket() {
  if (!ticket_) {
    kube::Lease t;
    t.namespace_ = opts_.ns;
    t.name = queue_prefix(opts_.architecture) + random_suffix();
    t.holder = opts_.holder;
    t.duration_seconds = opts_.duration_s;
    t.acquire_time = t.renew_time = SysClock::now();
    t.annotations = {{"vsctl.dev/operation", opts_.operation}, {std::string(k8s::kLabelPartOf), opts_.architecture}};
    if (auto r = client_.create_lease(t); r) {
      ticket_ = *r;
      ticket_renewed_ = Clock::now();
    }
    return;  // without a ticket this run still waits; it is just not first in line
  }
  if (Clock::now() - ticket_renewed_ < std::chrono::seconds(std::max(1, opts_.duration_s / 3))) return;
  kube::Lease t = *ticket_;
  t.renew_time = SysClock::now();
  if (auto r = client_.update_lease(t); r) {
    ticket_ = *r;
    ticket_renewed_ = Clock::now();
  } else if (r.error().kind == kube::ApiErrorKind::NotFound || r.error().kind == kube::ApiErrorKind::Conflict) {
    ticket_.reset();  // removed or changed by someone: take a new place
  }
}

void Lock::leave_queue() {
  if (!ticket_) return;
  kube::DeleteOptions d;
  (void)client_.remove(ticket_->key(), d);
  ticket_.reset();
}

std::vector<kube::Lease> Lock::ahead_in_line() {
  std::vector<kube::Lease> ahead;
  kube::ListOptions lo;
  lo.namespace_ = opts_.ns;
  auto l = client_.list(kLeaseKind, lo);
  if (!l) return ahead;  // cannot tell: nobody is known to wait
  const auto now = SysClock::now();
  const std::string prefix = queue_prefix(opts_.architecture);
  for (const auto& o : l->items) {
    auto t = kube::lease_from_json(o);
    if (!t || !t->name.starts_with(prefix) || (ticket_ && t->name == ticket_->name)) continue;
    if (t->holder.empty() || expired_by_renewal(*t, now, opts_.clock_skew, opts_.duration_s)) continue;  // a waiter that is gone
    if (!ticket_ || ahead_of(*t, *ticket_)) ahead.push_back(std::move(*t));
  }
  std::sort(ahead.begin(), ahead.end(), ahead_of);
  return ahead;
}

bool expired_by_renewal(const kube::Lease& lease, SysClock::time_point now, std::chrono::seconds skew,
                        int default_duration_s) {
  if (!lease.renew_time || *lease.renew_time > now) return false;
  return now - *lease.renew_time > std::chrono::seconds(duration_of(lease, default_duration_s)) + skew;
}

std::string describe(const Takeover& t) {
  std::string out = t.holder.empty() ? std::string("an unnamed holder") : t.holder;
  if (!t.since.empty()) out += ", holding it since " + t.since;
  if (!t.renewed.empty())
    out += ", last renewed " + t.renewed + " (" + std::to_string(t.silent.count()) + "s ago; the lease lasts " +
           std::to_string(t.duration_s) + "s)";
  else
    out += ", not renewed for over " + std::to_string(t.duration_s) + "s";
  return out;
}

std::string lock_name(std::string_view architecture) { return "vsctl-lock-" + std::string(architecture); }

Lock::Lock(kube::ClusterClient& client, LockOptions opts) : client_(client), opts_(std::move(opts)) {}

Lock::~Lock() { (void)release(); }

util::Result<void> Lock::acquire() {
  const std::string name = lock_name(opts_.architecture);
  const auto give_up = Clock::now() + opts_.wait;
  std::string seen_rv;
  Clock::time_point seen_at = Clock::now();
  bool said_waiting = false;
  // One turn of waiting in line: past --wait-for-lock the refusal (Locked); otherwise this run's
  // ticket renewed, the wait said once, and a pause.
  auto wait_a_turn = [&](const std::string& refusal, const std::string& waiting,
                         std::chrono::milliseconds pause) -> std::optional<util::Result<void>> {
    if (Clock::now() >= give_up) {
      leave_queue();
      return util::Result<void>(util::fail(util::ErrorKind::Locked, refusal));
    }
    renew_ticket();
    if (!said_waiting && opts_.on_wait) {
      opts_.on_wait(waiting);
      said_waiting = true;
    }
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, pause);
    return std::nullopt;
  };
  while (true) {
    if (opts_.interrupted && *opts_.interrupted) {
      leave_queue();
      return util::fail(util::ErrorKind::Interrupted, "interrupted while waiting for the lock");
    }
    auto got = client_.get_lease(opts_.ns, name);
    if (!got) {
      leave_queue();
      return tl::unexpected(kube::to_error(got.error()));
    }
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
      int dur = duration_of(**got, opts_.duration_s);
      const auto wall = SysClock::now();
      bool expired = Clock::now() - seen_at > std::chrono::seconds(dur) ||
                     expired_by_renewal(**got, wall, opts_.clock_skew, opts_.duration_s);
      if (expired) {
        Takeover t;
        t.holder = (*got)->holder;
        if (const auto* op = k8s::find((*got)->annotations, "/vsctl.dev~1operation"); op && op->is_string())
          t.operation = op->get<std::string>();
        t.since = seconds_text((*got)->acquire_time);
        t.renewed = seconds_text((*got)->renew_time);
        if ((*got)->renew_time && *(*got)->renew_time <= wall)
          t.silent = std::chrono::duration_cast<std::chrono::seconds>(wall - *(*got)->renew_time);
        t.duration_s = dur;
        takeover_ = std::move(t);
      } else {
        std::string held_by = "locked by " + (*got)->holder + " since " + since(**got);
        if ((*got)->renew_time && *(*got)->renew_time <= wall)
          held_by += ", last renewed " +
                     std::to_string(std::chrono::duration_cast<std::chrono::seconds>(wall - *(*got)->renew_time).count()) + "s ago";
        held_by += " (Lease " + opts_.ns + "/" + name + ", free once not renewed for " + std::to_string(dur) + "s)";
        if (auto refused = wait_a_turn("the architecture " + opts_.architecture + " in namespace " + opts_.ns + " is " + held_by +
                                           "; wait for it to finish, or pass --wait-for-lock DURATION to wait in line",
                                       "waiting in line for the lock: " + held_by, std::chrono::milliseconds(500)))
          return *refused;
        continue;
      }
    }
    // free (or expired): runs that joined the line earlier go first
    if (auto ahead = ahead_in_line(); !ahead.empty()) {
      std::string who = ahead.front().holder + (ahead.size() > 1 ? " and " + std::to_string(ahead.size() - 1) + " more" : "");
      takeover_.reset();
      if (auto refused = wait_a_turn("the lock of architecture " + opts_.architecture + " in namespace " + opts_.ns + " is free, but " +
                                         std::to_string(ahead.size()) + " run(s) wait in line for it (" + who +
                                         "); pass --wait-for-lock DURATION to join the line",
                                     "waiting in line for the lock behind " + who, std::chrono::milliseconds(250)))
        return *refused;
      continue;
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
      if (k == kube::ApiErrorKind::Conflict || k == kube::ApiErrorKind::AlreadyExists) {  // lost a race: look again
        takeover_.reset();
        continue;
      }
      leave_queue();
      return tl::unexpected(kube::to_error(r.error()));
    }
    leave_queue();
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
