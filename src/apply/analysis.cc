#include "apply/analysis.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <thread>

#include "apply/events.h"

namespace vsctl::apply {

namespace {

using manifest::Analysis;
using rollout::AnalysisResult;
using Verdict = AnalysisResult::Verdict;

std::string escape(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char b[4];
      std::snprintf(b, sizeof b, "%%%02X", c);
      out += b;
    }
  }
  return out;
}

std::string number(double v) {
  char b[64];
  std::snprintf(b, sizeof b, "%.6g", v);
  return b;
}

AnalysisResult verdict(Verdict v, std::string message, std::optional<double> value = std::nullopt) {
  AnalysisResult r;
  r.verdict = v;
  r.message = std::move(message);
  r.value = value;
  return r;
}

// Passed when v meets every bound given, else Failed saying which.
AnalysisResult bounds(const Analysis& a, double v) {
  if (a.below && !(v < *a.below)) return verdict(Verdict::Failed, number(v) + " is not below " + number(*a.below), v);
  if (a.above && !(v > *a.above)) return verdict(Verdict::Failed, number(v) + " is not above " + number(*a.above), v);
  std::string said = number(v);
  if (a.below) said += " < " + number(*a.below);
  if (a.above) said += " > " + number(*a.above);
  return verdict(Verdict::Passed, said, v);
}

std::optional<double> parse_number(const k8s::Json& j) {
  if (j.is_number()) return j.get<double>();
  if (!j.is_string()) return std::nullopt;
  const std::string s = j.get<std::string>();
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size()) return std::nullopt;
  return v;
}

AnalysisResult judge_prometheus(const Analysis& a, const kube::HttpAnswer& ans) {
  auto body = k8s::Json::parse(ans.body, nullptr, false);
  if (ans.status < 200 || ans.status >= 300) {
    std::string err = body.is_object() ? k8s::string_at(body, "/error") : std::string();
    return verdict(Verdict::Inconclusive, "Prometheus answered HTTP " + std::to_string(ans.status) + (err.empty() ? "" : ": " + err));
  }
  if (!body.is_object() || k8s::string_at(body, "/status") != "success")
    return verdict(Verdict::Inconclusive, "Prometheus's answer is not a successful query result");
  std::string type = k8s::string_at(body, "/data/resultType");
  const auto* result = k8s::find(body, "/data/result");
  const k8s::Json* sample = nullptr;
  if (type == "scalar") {
    sample = result;
  } else if (type == "vector" && result && result->is_array()) {
    if (result->empty()) return verdict(Verdict::Inconclusive, "the query returned no sample (no traffic yet?)");
    if (result->size() > 1)
      return verdict(Verdict::Inconclusive, "the query returned " + std::to_string(result->size()) +
                                                " series; it must return one (aggregate it with sum, max or avg)");
    sample = k8s::find((*result)[0], "/value");
  } else {
    return verdict(Verdict::Inconclusive, "the query returned a " + (type.empty() ? std::string("result") : type) +
                                              ", not one sample (an instant vector of one series, or a scalar)");
  }
  if (!sample || !sample->is_array() || sample->size() != 2)
    return verdict(Verdict::Inconclusive, "the query's sample has no value");
  auto v = parse_number((*sample)[1]);
  if (!v || std::isnan(*v)) return verdict(Verdict::Inconclusive, "the query's value is not a number (NaN: no requests in its window?)");
  return bounds(a, *v);
}

AnalysisResult judge_http(const Analysis& a, const kube::HttpAnswer& ans) {
  if (ans.status < 200 || ans.status >= 300)
    return verdict(Verdict::Inconclusive, "the URL answered HTTP " + std::to_string(ans.status));
  auto body = k8s::Json::parse(ans.body, nullptr, false);
  if (body.is_discarded()) return verdict(Verdict::Inconclusive, "the answer is not JSON");
  const k8s::Json* at = &body;
  if (!a.pointer.empty()) {
    at = k8s::find(body, a.pointer);
    if (!at) return verdict(Verdict::Inconclusive, "the answer has nothing at " + a.pointer);
  }
  if (!a.equals.is_null()) {
    bool same = *at == a.equals;
    // "ok" written in the manifest and 200 in the answer, or the reverse: compare as text
    if (!same && (at->is_number() || a.equals.is_number()) && !(at->is_number() && a.equals.is_number()))
      same = (at->is_string() ? at->get<std::string>() : at->dump()) == (a.equals.is_string() ? a.equals.get<std::string>() : a.equals.dump());
    if (!same)
      return verdict(Verdict::Failed, (a.pointer.empty() ? std::string("the answer") : a.pointer) + " is " + at->dump() +
                                          ", not " + a.equals.dump());
    if (!a.below && !a.above) return verdict(Verdict::Passed, (a.pointer.empty() ? std::string("the answer") : a.pointer) + " is " + at->dump());
  }
  if (a.below || a.above) {
    auto v = parse_number(*at);
    if (!v || std::isnan(*v)) return verdict(Verdict::Inconclusive, (a.pointer.empty() ? std::string("the answer") : a.pointer) + " is not a number");
    return bounds(a, *v);
  }
  return verdict(Verdict::Passed, "answered");
}

}  // namespace

std::string analysis_url(const Analysis& a) {
  if (a.kind == Analysis::Kind::Prometheus) {
    std::string base = a.address;
    while (!base.empty() && base.back() == '/') base.pop_back();
    return base + "/api/v1/query?query=" + escape(a.query);
  }
  return a.url;
}

std::string analysis_what(const Analysis& a) {
  switch (a.kind) {
    case Analysis::Kind::Prometheus: return "prometheus " + a.query;
    case Analysis::Kind::Http: return "http " + a.url.substr(0, a.url.find('?'));
    case Analysis::Kind::Job: break;
  }
  return "job " + a.image;
}

AnalysisResult judge(const Analysis& a, const util::Result<kube::HttpAnswer>& answer) {
  AnalysisResult r;
  if (!answer) {
    r = verdict(Verdict::Inconclusive, std::string(a.kind == Analysis::Kind::Prometheus ? "Prometheus" : "the URL") +
                                           " did not answer: " + answer.error().message);
  } else {
    r = a.kind == Analysis::Kind::Prometheus ? judge_prometheus(a, *answer) : judge_http(a, *answer);
  }
  r.kind = a.kind == Analysis::Kind::Prometheus ? "prometheus" : "http";
  r.what = analysis_what(a);
  return r;
}

AnalysisResult run_query_gate(const Analysis& a, const Fetch& fetch, const std::function<bool()>& stop,
                              const std::function<void(const AnalysisResult&)>& on_try) {
  const std::string url = analysis_url(a);
  const int tries = std::max(a.tries, 1);
  AnalysisResult r;
  for (int i = 1; i <= tries; ++i) {
    r = judge(a, fetch(url));
    r.tries = i;
    r.at = format_time(std::chrono::system_clock::now());
    if (r.verdict != Verdict::Inconclusive) return r;
    if (i == tries) break;
    on_try(r);
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(std::max(a.interval_s, 1));
    while (std::chrono::steady_clock::now() < until) {
      if (stop()) {
        r.message = "stopped after try " + std::to_string(i) + ": " + r.message;
        return r;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  }
  r.message = "inconclusive after " + std::to_string(tries) + " tries: " + r.message;
  r.verdict = Verdict::Failed;
  return r;
}

}  // namespace vsctl::apply
