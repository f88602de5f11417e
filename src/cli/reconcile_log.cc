#include "cli/reconcile_log.h"

#include <cstdio>
#include <iostream>

#include "apply/events.h"

namespace vsctl::cli {

void RoundLog::say(const std::string& type, const std::string& message, k8s::Json extra) {
  std::lock_guard lock(mu_);
  const std::string time = apply::format_time(std::chrono::system_clock::now());
  if (json_) {
    k8s::Json j = {{"time", time}, {"type", type}, {"round", round_}, {"message", message}};
    if (extra.is_object())
      for (auto& [k, v] : extra.items()) j[k] = v;
    std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << std::endl;
    return;
  }
  std::string prefix = round_ > 0 ? " round " + std::to_string(round_) + ": " : " ";
  std::fprintf(stderr, "%s%s%s\n", time.c_str(), prefix.c_str(), message.c_str());
  std::fflush(stderr);
}

}  // namespace vsctl::cli
