// Planning in one process, without the cluster round trips: the manifest is loaded and rendered,
// the live objects are read from a file (`kubectl get ... -o json --show-managed-fields`, taken
// once from the test bed), then apply::make_plan runs RUNS times. Prints one line of medians:
//
//   load_ms render_ms plan_ms steps unchanged
//
// usage: plan_bench MANIFEST RUNS LIVE.json...   (each a kubectl List, or a single object)
#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>
#include <vector>

#include "apply/planner.h"
#include "manifest/load.h"
#include "render/render.h"

using namespace vsctl;
using Clock = std::chrono::steady_clock;

namespace {

std::string slurp(const char* path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: plan_bench MANIFEST RUNS LIVE.json...\n";
    return 2;
  }
  const int runs = std::max(1, std::atoi(argv[2]));
  const std::string text = slurp(argv[1]);
  std::vector<k8s::Json> live;
  for (int i = 3; i < argc; ++i) {
    k8s::Json j = k8s::Json::parse(slurp(argv[i]));
    if (j.contains("items"))
      for (const auto& item : j["items"]) live.push_back(item);
    else
      live.push_back(std::move(j));
  }

  std::vector<double> load_ms, render_ms, plan_ms;
  std::size_t steps = 0, unchanged = 0;
  for (int i = 0; i < runs; ++i) {
    auto t0 = Clock::now();
    manifest::LoadRequest req;
    req.source_name = "architecture.yaml";
    req.text = text;
    auto loaded = manifest::load(req);
    load_ms.push_back(ms_since(t0));
    if (!loaded.ok()) {
      std::cerr << "plan_bench: the manifest is invalid\n";
      return 3;
    }
    const auto& view = *loaded.view;
    t0 = Clock::now();
    auto rendered = render::render(view);
    render_ms.push_back(ms_since(t0));
    apply::PlanInput in;
    in.architecture = view.name;
    in.ns = view.ns;
    in.env = view.env;
    in.desired = &view;
    in.rendered = rendered.objects;
    in.live = live;
    t0 = Clock::now();
    auto plan = apply::make_plan(in, {});
    plan_ms.push_back(ms_since(t0));
    steps = plan.step_count();
    unchanged = plan.unchanged.size();
  }
  std::cout << median(load_ms) << " " << median(render_ms) << " " << median(plan_ms) << " " << steps << " "
            << unchanged << "\n";
  return 0;
}
