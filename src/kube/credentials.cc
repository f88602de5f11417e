#include "kube/credentials.h"

#include "kube/kubeconfig.h"
#include "util/strings.h"

namespace vsctl::kube {

Credentials::Credentials(RestConfig config, std::chrono::milliseconds exec_timeout, ExecRunner runner)
    : config_(std::move(config)), exec_timeout_(exec_timeout), runner_(std::move(runner)) {}

void Credentials::invalidate() {
  std::lock_guard lock(mu_);
  exec_cache_.reset();
  file_mtime_.reset();
}

util::Result<Auth> Credentials::get() {
  std::lock_guard lock(mu_);
  Auth a;
  a.bearer = config_.token;
  a.client_cert_pem = config_.client_cert_pem;
  a.client_key_pem = config_.client_key_pem;
  if (a.bearer.empty() && !config_.token_file.empty()) {
    // Re-read when the file changed, and at least every minute (as client-go does).
    std::error_code ec;
    auto mtime = std::filesystem::last_write_time(config_.token_file, ec);
    auto now = std::chrono::steady_clock::now();
    if (ec || !file_mtime_ || *file_mtime_ != mtime || now - file_read_at_ > std::chrono::minutes(1)) {
      std::string what = "tokenFile of user " + util::quote(config_.user) + " in " + config_.source;
      if (config_.source == "in-cluster") what = "the service account token";
      auto text = read_file(config_.token_file, what);
      if (!text) return tl::unexpected(text.error());
      file_token_ = std::string(util::trim(*text));
      if (!ec) file_mtime_ = mtime;
      file_read_at_ = now;
    }
    a.bearer = file_token_;
  }
  if (config_.exec) {
    auto now = std::chrono::system_clock::now();
    if (!exec_cache_ || (exec_cache_->expiry && *exec_cache_->expiry <= now)) {
      exec_cache_.reset();
      auto cred = runner_(*config_.exec, config_, exec_timeout_);
      if (!cred) return tl::unexpected(cred.error());
      exec_cache_ = std::move(*cred);
    }
    if (!exec_cache_->token.empty()) a.bearer = exec_cache_->token;
    if (!exec_cache_->client_cert_pem.empty()) {
      a.client_cert_pem = exec_cache_->client_cert_pem;
      a.client_key_pem = exec_cache_->client_key_pem;
    }
  }
  return a;
}

}  // namespace vsctl::kube
