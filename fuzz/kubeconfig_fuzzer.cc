// libFuzzer target: a kubeconfig file on arbitrary bytes, resolved as `--kubeconfig FILE` would
// be (contexts, clusters, users, exec plugins, base64 data). Files it names are looked up next
// to a directory that does not exist, so only absolute paths reach the disk, and those are read
// bounded and only when regular (util/file.h). Nothing is executed: exec plugins are only
// parsed here. Any crash, sanitizer report or timeout is a bug; errors must say something.
#include <cstddef>
#include <cstdint>
#include <string>

#include "kube/kubeconfig.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  vsctl::kube::ConfigFlags flags;
  auto rc = vsctl::kube::resolve_kubeconfig({{"/nonexistent-fuzz-dir/config", text}}, flags);
  if (!rc && rc.error().message.empty()) __builtin_trap();
  // the same file with a context and namespace chosen on the command line
  flags.context = "a";
  flags.namespace_ = "ns";
  auto picked = vsctl::kube::resolve_kubeconfig({{"/nonexistent-fuzz-dir/config", text}}, flags);
  if (!picked && picked.error().message.empty()) __builtin_trap();
  return 0;
}
