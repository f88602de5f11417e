#include "cli/status_text.h"

#include <doctest/doctest.h>

using namespace vsctl;

namespace {

status::Row row(std::string name, std::string desired, std::vector<status::VersionCount> versions, int ready, int desired_n,
                health::State state, std::string reason = {}) {
  status::Row r;
  r.name = std::move(name);
  r.desired_version = std::move(desired);
  r.versions = std::move(versions);
  for (const auto& v : r.versions) r.pods += v.count;
  r.ready = ready;
  r.desired = desired_n;
  r.min = r.max = desired_n;
  r.state = state;
  r.reason = std::move(reason);
  r.importance = "normal";
  r.recovery = "cattle";
  return r;
}

}  // namespace

TEST_CASE("status text: header, one row per service, vetoes") {
  status::Registry reg;
  reg.header.architecture = "shop";
  reg.header.ns = "shop";
  apply::Record rec;
  rec.revision = 7;
  rec.commit = "1a2b3c4d5e6f7a8b9c0d";
  rec.environment = "staging";
  rec.who = "alice@laptop";
  rec.started = "2024-05-01T12:00:00.000Z";
  rec.finished = "2024-05-01T12:00:41.456Z";
  rec.outcome = apply::Outcome::Succeeded;
  reg.header.record = rec;
  reg.rows.push_back(row("api", "1.4.2", {{"1.4.2", 2}, {"1.4.1", 1}}, 2, 3, health::State::Update));
  reg.rows.back().message = "waiting for 2/3 updated";
  reg.rows.back().vetoed = {"1.4.1"};
  reg.rows.push_back(row("cart", "2.2.0", {{"2.2.0", 1}}, 0, 1, health::State::Failed, "CrashLoopBackOff"));
  reg.rows.back().message = "back-off restarting";
  reg.rows.push_back(row("web", "2.0.0", {{"2.0.0", 3}}, 3, 3, health::State::Run));
  reg.rows.back().min = reg.rows.back().max = 1;
  reg.rows.back().drift = {"3 replicas, recorded 1"};
  reg.header.services = 3;
  reg.header.drifted = 1;
  reg.header.failed = 1;
  reg.header.vetoed = 1;
  reg.vetoes = {{"api", "1.4.1", "corrupts carts", "bob@ops", "2024-05-01T11:00:00Z"}};
  auto now = *status::parse_time("2024-05-01T12:03:42Z");
  CHECK(cli::format_status(reg, now, false) ==
        "architecture shop in namespace shop\n"
        "applied      revision 7 (apply), commit 1a2b3c4d5e6f, environment staging\n"
        "             2024-05-01 12:00:41 UTC (3m ago) by alice@laptop: succeeded\n"
        "services     3 service(s), 1 drift from the record, 1 failed, 1 on a vetoed version\n"
        "\n"
        "SERVICE  DESIRED  LIVE                      READY  MIN..MAX  STATE                    IMPORTANCE  RECOVERY  VETO          NOTES\n"
        "api      1.4.2    1.4.2 (2/3), 1.4.1 (1/3)  2/3    3..3      Update                   normal      cattle    vetoed 1.4.1  waiting for 2/3 updated\n"
        "cart     2.2.0    2.2.0                     0/1    1..1      Failed CrashLoopBackOff  normal      cattle    -             back-off restarting\n"
        "web      2.0.0    2.0.0                     3/3    1..1      Run                      normal      cattle    -             drift: 3 replicas, recorded 1\n"
        "\n"
        "vetoes:\n"
        "  api@1.4.1  by bob@ops  2024-05-01 11:00:00  corrupts carts\n");
  // colour wraps the state cells and keeps the columns
  std::string coloured = cli::format_status(reg, now, true);
  CHECK(coloured.find("\x1b[31mFailed CrashLoopBackOff\x1b[0m  normal") != std::string::npos);
  CHECK(coloured.find("\x1b[33mUpdate\x1b[0m                   normal") != std::string::npos);
}

TEST_CASE("status text: nothing recorded yet") {
  status::Registry reg;
  reg.header.architecture = "shop";
  reg.header.ns = "shop";
  CHECK(cli::format_status(reg, {}, false) ==
        "architecture shop in namespace shop\n"
        "applied      nothing recorded: vsctl has not applied this architecture here\n"
        "services     0 service(s), 0 drift from the record\n");
}

TEST_CASE("status text: the last run's failed steps, each with the first line of its cause") {
  status::Registry reg;
  reg.header.architecture = "shop";
  reg.header.ns = "shop";
  apply::Record rec;
  rec.revision = 8;
  rec.who = "alice@laptop";
  rec.started = rec.finished = "2024-05-01T12:00:41.456Z";
  rec.outcome = apply::Outcome::Failed;
  rec.message = "some services did not converge: failed api (HookFailed)";
  rec.changed.push_back({"api", "Update", "1.0.0", "1.1.0", "d", "failed", "HookFailed", {},
                         "hook preUpdate (job api-preupdate-1) failed: BackoffLimitExceeded; last log lines:\nmigrating\npanic"});
  rec.changed.push_back({"web", "Update", "2.0.0", "2.1.0", "d", "skipped", "", {}, ""});
  reg.header.record = rec;
  auto now = *status::parse_time("2024-05-01T12:01:42Z");
  CHECK(cli::format_status(reg, now, false) ==
        "architecture shop in namespace shop\n"
        "applied      revision 8 (apply)\n"
        "             2024-05-01 12:00:41 UTC (1m ago) by alice@laptop: failed (some services did not converge: failed api (HookFailed))\n"
        "             api: hook preUpdate (job api-preupdate-1) failed: BackoffLimitExceeded; last log lines: (-o json has them)\n"
        "services     0 service(s), 0 drift from the record\n");
}

TEST_CASE("status text: a cause the cluster wrote is shown, its terminal escapes not sent") {
  status::Registry reg;
  reg.header.architecture = reg.header.ns = "shop";
  reg.rows.push_back(row("api", "1.2.0", {{"1.2.0", 1}}, 0, 1, health::State::Failed, "CrashLoopBackOff"));
  reg.rows.back().message = "container api: CrashLoopBackOff, last exit 1 (Error): \x1b[2Jgone";
  auto text = cli::format_status(reg, *status::parse_time("2024-05-01T12:00:00Z"), false);
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find("(Error): \\x1b[2Jgone") != std::string::npos);
}
