#include "metrics/exposition.h"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <sstream>

namespace vsctl::metrics {

using reconcile::MetricType;
using reconcile::MetricUpdate;

// The registry collected under the lock apply() holds.
class Exposition::Whole final : public prometheus::Collectable {
 public:
  Whole(std::shared_ptr<prometheus::Registry> r, std::shared_ptr<std::mutex> mu) : registry_(std::move(r)), mu_(std::move(mu)) {}
  std::vector<prometheus::MetricFamily> Collect() const override {
    std::lock_guard lock(*mu_);
    return registry_->Collect();
  }

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  std::shared_ptr<std::mutex> mu_;
};

struct Exposition::Families {
  std::map<std::string, prometheus::Family<prometheus::Counter>*, std::less<>> counters;
  std::map<std::string, prometheus::Family<prometheus::Gauge>*, std::less<>> gauges;
  std::map<std::string, prometheus::Family<prometheus::Histogram>*, std::less<>> histograms;
};

Exposition::Exposition()
    : registry_(std::make_shared<prometheus::Registry>()),
      mu_(std::make_shared<std::mutex>()),
      collectable_(std::make_shared<Whole>(registry_, mu_)),
      families_(std::make_unique<Families>()) {
  for (const auto& d : reconcile::metric_defs()) {
    switch (d.type) {
      case MetricType::Counter:
        families_->counters[d.name] = &prometheus::BuildCounter().Name(d.name).Help(d.help).Register(*registry_);
        break;
      case MetricType::Gauge:
        families_->gauges[d.name] = &prometheus::BuildGauge().Name(d.name).Help(d.help).Register(*registry_);
        break;
      case MetricType::Histogram:
        families_->histograms[d.name] = &prometheus::BuildHistogram().Name(d.name).Help(d.help).Register(*registry_);
        break;
    }
  }
}

Exposition::~Exposition() = default;

void Exposition::apply(const std::vector<MetricUpdate>& updates) {
  std::lock_guard lock(*mu_);
  for (const auto& u : updates) {
    switch (u.op) {
      case MetricUpdate::Op::Add:
        if (auto it = families_->counters.find(u.name); it != families_->counters.end()) it->second->Add(u.labels).Increment(u.value);
        break;
      case MetricUpdate::Op::Set:
        if (auto it = families_->gauges.find(u.name); it != families_->gauges.end()) it->second->Add(u.labels).Set(u.value);
        break;
      case MetricUpdate::Op::Remove:
        if (auto it = families_->gauges.find(u.name); it != families_->gauges.end() && it->second->Has(u.labels))
          it->second->Remove(&it->second->Add(u.labels));
        break;
      case MetricUpdate::Op::Observe:
        if (auto it = families_->histograms.find(u.name); it != families_->histograms.end()) {
          prometheus::Histogram::BucketBoundaries b = reconcile::duration_buckets();
          it->second->Add(u.labels, b).Observe(u.value);
        }
        break;
    }
  }
}

std::string Exposition::text() const {
  std::ostringstream out;
  prometheus::TextSerializer().Serialize(out, collectable_->Collect());
  return out.str();
}

}  // namespace vsctl::metrics
