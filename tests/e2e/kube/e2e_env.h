#pragma once
// The test bed as the end-to-end tests see it, and helpers they share.
#include <memory>
#include <string>
#include <vector>

#include "kube/curl_client.h"
#include "kube/kubeconfig.h"

namespace vsctl::kube::e2e {

struct Testbed {
  std::string state;       // TESTBED_STATE
  std::string script;      // scripts/testbed
  std::string kubeconfig;  // admin (token)
  std::string kubeconfig_cert;
  std::string kubeconfig_restricted;
  std::string kubeconfig_throttled;
  std::string server;
  std::string ca_file;
  std::string admin_token;
  std::string kubectl;
};

// Read once from `scripts/testbed env --state $TESTBED_STATE`; fails the test when absent.
const Testbed& testbed();

// Runs a shell command; returns its exit status and stdout.
struct Run {
  int status = -1;
  std::string out;
};
Run run(const std::string& command);

// A client from a kubeconfig file, with options.
std::unique_ptr<CurlClient> client_for(const std::string& kubeconfig, ClientOptions opts = {});
// A client from kubeconfig text (written to a temporary file).
std::unique_ptr<CurlClient> client_from_text(const std::string& kubeconfig_text, ClientOptions opts = {});
util::Result<RestConfig> config_from_text(const std::string& kubeconfig_text);

// A namespace of the test's own, deleted at the end.
class TestNamespace {
 public:
  explicit TestNamespace(const std::string& prefix);
  ~TestNamespace();
  TestNamespace(const TestNamespace&) = delete;
  TestNamespace& operator=(const TestNamespace&) = delete;
  const std::string& name() const { return name_; }

 private:
  std::string name_;
};

k8s::Json configmap(const std::string& ns, const std::string& name, const std::string& value);

// Log lines collected from a client (for -v checks).
struct LogCapture {
  std::shared_ptr<std::vector<std::string>> lines = std::make_shared<std::vector<std::string>>();
  LogSink sink() const;
  std::size_t count(const std::string& needle) const;
};

std::string temp_path(const std::string& name);

}  // namespace vsctl::kube::e2e
