#pragma once
// The credentials of one RestConfig, as they are right now: a static token, a token file
// re-read when it changes (service account tokens rotate), or an exec plugin's output cached
// until its expirationTimestamp; plus the client certificate and key. Thread-safe.
#include <chrono>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "kube/exec_credential.h"
#include "kube/rest_config.h"
#include "util/error.h"

namespace vsctl::kube {

struct Auth {
  std::string bearer;  // "" for none
  std::string client_cert_pem;
  std::string client_key_pem;
};

using ExecRunner = std::function<util::Result<ExecCredential>(
    const ExecConfig&, const RestConfig&, std::chrono::milliseconds)>;

class Credentials {
 public:
  explicit Credentials(RestConfig config,
                       std::chrono::milliseconds exec_timeout = std::chrono::seconds(60),
                       ExecRunner runner = run_exec_plugin);

  util::Result<Auth> get();
  // After a 401: run the exec plugin again and re-read the token file at the next get().
  void invalidate();
  // Whether invalidate() can bring different credentials.
  bool refreshable() const { return config_.exec.has_value() || !config_.token_file.empty(); }

 private:
  RestConfig config_;
  std::chrono::milliseconds exec_timeout_;
  ExecRunner runner_;
  std::mutex mu_;
  std::optional<ExecCredential> exec_cache_;
  std::string file_token_;
  std::optional<std::filesystem::file_time_type> file_mtime_;
  std::chrono::steady_clock::time_point file_read_at_{};
};

}  // namespace vsctl::kube
