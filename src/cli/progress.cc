#include "cli/progress.h"

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "cli/output.h"
#include "util/printable.h"

namespace vsctl::cli {

namespace {

using apply::Event;
using apply::EventType;

std::string clock_of(const Event& e) { return apply::format_time(e.time).substr(11, 8); }

const char* color_of(health::State s, const std::string& outcome) {
  if (outcome == "failed" || s == health::State::Failed) return "31";
  if (outcome == "skipped" || outcome == "cancelled") return "2";
  if (s == health::State::Run) return "32";
  return "33";
}

std::string paint(const std::string& s, const char* code, bool color) {
  return color ? std::string("\033[") + code + "m" + s + "\033[0m" : s;
}

// "finished: interrupted: nothing new was started" (a message that already starts with its
// outcome is not prefixed twice).
std::string finished_text(const Event& e) {
  std::string out = "finished: " + e.outcome;
  if (e.message.empty()) return out;
  if (e.message.rfind(e.outcome + ":", 0) == 0) return "finished: " + e.message;
  return out + ": " + e.message;
}

// What a terminal may be shown of an event: messages from the cluster (a container's termination
// message) and the repository can hold escape sequences; they are printed as \xNN.
Event shown(const Event& raw) {
  Event e = raw;
  e.message = util::printable(e.message);
  e.reason = util::printable(e.reason);
  e.service = util::printable(e.service);
  return e;
}

class JsonReporter final : public apply::Reporter {
 public:
  void event(const Event& e) override {
    std::string line = apply::to_json(e).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fflush(stdout);
  }
};

class LineReporter final : public apply::Reporter {
 public:
  explicit LineReporter(bool color) : color_(color) {}
  void event(const Event& raw) override {
    const Event e = shown(raw);
    std::string line = clock_of(e) + " ";
    switch (e.type) {
      case EventType::RunStarted: line += e.message; break;
      case EventType::RunFinished: line += finished_text(e); break;
      case EventType::Notice: line += (e.service.empty() ? "" : pad(e.service) + " ") + e.message; break;
      case EventType::StepStarted:
        line += pad(e.service) + " " + paint(pad(health::to_string(e.change), 10), "36", color_) + " started" +
                (e.message.empty() ? "" : ": " + e.message);
        break;
      case EventType::Hook:
      case EventType::Traffic:
      case EventType::Analysis: line += pad(e.service) + " " + e.message; break;
      case EventType::State:
        line += pad(e.service) + " " + paint(pad(health::to_string(e.state), 10), color_of(e.state, ""), color_) + " " +
                std::to_string(e.ready) + "/" + std::to_string(e.desired) + " " + e.message;
        break;
      case EventType::StepFinished:
        line += pad(e.service) + " " + paint(pad(e.outcome == "succeeded" ? health::to_string(e.state) : e.outcome, 10),
                                             color_of(e.state, e.outcome), color_) +
                " " + fmt_secs(e.elapsed_s) + (e.reason.empty() ? "" : " " + e.reason) +
                (e.message.empty() ? "" : ": " + e.message);
        break;
    }
    std::fprintf(stderr, "%s\n", line.c_str());
  }

 private:
  static std::string pad(std::string s, std::size_t n = 20) {
    if (s.empty()) s = "(architecture)";
    if (s.size() < n) s.resize(n, ' ');
    return s;
  }
  static std::string fmt_secs(double s) {
    char b[32];
    std::snprintf(b, sizeof b, "%.1fs", s);
    return b;
  }
  bool color_;
};

// One line per service, redrawn in place; the elapsed time ticks once a second.
class LiveReporter final : public apply::Reporter {
 public:
  explicit LiveReporter(bool color) : color_(color), ticker_([this] { tick(); }) {}
  ~LiveReporter() override {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    ticker_.join();
  }
  void event(const Event& raw) override {
    const Event e = shown(raw);
    std::lock_guard lock(mu_);
    if (e.type == EventType::RunStarted || e.type == EventType::RunFinished || e.type == EventType::Notice) {
      clear();
      std::fprintf(stderr, "%s %s\n", clock_of(e).c_str(), e.type == EventType::RunFinished ? finished_text(e).c_str() : e.message.c_str());
      drawn_ = 0;
      if (e.type == EventType::RunFinished) rows_.clear(), order_.clear();
      else draw();
      return;
    }
    std::string key = e.service.empty() ? "(architecture)" : e.service;
    if (!rows_.count(key)) order_.push_back(key);
    Row& r = rows_[key];
    if (e.type == EventType::StepStarted) r.started = std::chrono::steady_clock::now();
    r.state = e.state;
    if (e.type == EventType::State || e.type == EventType::StepFinished) {
      r.ready = e.ready;
      r.desired = e.desired;
    }
    if (!e.message.empty()) r.message = e.message;
    if (e.type == EventType::StepFinished) {
      r.outcome = e.outcome;
      r.finished = true;
      r.elapsed = e.elapsed_s;
      if (!e.reason.empty() && e.outcome != "succeeded") r.message = e.reason + ": " + e.message;
    }
    draw();
  }

 private:
  struct Row {
    health::State state = health::State::Provision;
    int ready = 0, desired = 0;
    std::string message, outcome;
    bool finished = false;
    double elapsed = 0;
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  };
  void clear() {
    for (int i = 0; i < drawn_; ++i) std::fputs("\033[1A\033[2K", stderr);
  }
  void draw() {
    clear();
    for (const auto& k : order_) {
      const Row& r = rows_[k];
      double el = r.finished ? r.elapsed : std::chrono::duration<double>(std::chrono::steady_clock::now() - r.started).count();
      std::string state = r.finished && r.outcome != "succeeded" ? r.outcome : health::to_string(r.state);
      char buf[512];
      std::snprintf(buf, sizeof buf, "  %-24.24s %-10s %3d/%-3d %6.1fs  %.150s", k.c_str(), state.c_str(), r.ready, r.desired, el,
                    r.message.c_str());
      std::string line = buf;
      std::fprintf(stderr, "%s\n", paint(line, color_of(r.state, r.outcome), color_).c_str());
    }
    drawn_ = static_cast<int>(order_.size());
    std::fflush(stderr);
  }
  void tick() {
    std::unique_lock lock(mu_);
    while (!stop_) {
      cv_.wait_for(lock, std::chrono::seconds(1));
      if (!stop_ && drawn_ > 0) draw();
    }
  }

  bool color_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::map<std::string, Row> rows_;
  std::vector<std::string> order_;
  int drawn_ = 0;
  std::thread ticker_;
};

}  // namespace

ProgressStyle progress_style(bool json) {
  if (json) return ProgressStyle::Json;
  return Output::stderr_is_terminal() ? ProgressStyle::Live : ProgressStyle::Lines;
}

std::unique_ptr<apply::Reporter> make_reporter(ProgressStyle style, bool color) {
  switch (style) {
    case ProgressStyle::Json: return std::make_unique<JsonReporter>();
    case ProgressStyle::Live: return std::make_unique<LiveReporter>(color);
    case ProgressStyle::Lines: return std::make_unique<LineReporter>(color);
  }
  return std::make_unique<LineReporter>(color);
}

}  // namespace vsctl::cli
