#pragma once
// The reconciler's metrics (reconcile/metrics.h) in a prometheus-cpp registry: one family per
// definition, the model's updates applied to it. prometheus-cpp gives the exposition format, so
// that neither it nor the HTTP server (server.h) is written here by hand. Thread-safe: the loop
// applies a round's updates while the server's threads collect, and a scrape sees every round's
// updates whole or not at all (the rounds counter and the duration histogram's count agree).
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "reconcile/metrics.h"

namespace prometheus {
class Collectable;
class Registry;
}

namespace vsctl::metrics {

class Exposition {
 public:
  Exposition();
  ~Exposition();
  Exposition(const Exposition&) = delete;
  Exposition& operator=(const Exposition&) = delete;

  void apply(const std::vector<reconcile::MetricUpdate>& updates);
  // What a scrape of /metrics reads.
  std::string text() const;
  // What the server collects from.
  std::shared_ptr<prometheus::Collectable> collectable() const { return collectable_; }

 private:
  struct Families;
  class Whole;
  std::shared_ptr<prometheus::Registry> registry_;
  std::shared_ptr<std::mutex> mu_;
  std::shared_ptr<prometheus::Collectable> collectable_;
  std::unique_ptr<Families> families_;
};

}  // namespace vsctl::metrics
