// libFuzzer target: patches. The input is the `patches` list of one service (cattle or pet, by
// its first byte) of an otherwise fixed, valid manifest; the manifest is loaded, every
// diagnostic formatted, and when it is valid the service is rendered with its patches applied,
// as `vsctl render` does. Any crash, sanitizer report, uncaught exception or timeout is a bug:
// a patch is refused with a diagnostic, or yields objects.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "manifest/load.h"
#include "render/render.h"
#include "util/diagnostic.h"
#include "yaml/emit.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  bool pet = data[0] & 1;
  std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
  std::string text =
      "apiVersion: vsctl.dev/v1\n"
      "kind: Architecture\n"
      "metadata: { name: fz }\n"
      "spec:\n"
      "  namespace: fz\n"
      "  services:\n"
      "    web:\n"
      "      image: example.com/web\n"
      "      version: 1.0.0\n"
      "      instances: { min: 1, max: 3 }\n"
      "      ports: [ { name: http, port: 80, target: 8080 } ]\n"
      "      storage: [ { name: data, mount: /data, size: 1Gi } ]\n"
      "      objects: [ k8s/extra.yaml ]\n";
  text += pet ? "      recovery: pet\n" : "      recovery: cattle\n";
  text += "      patches:\n";
  // the input, indented under `patches:` line by line, keeps its own structure
  std::size_t start = 0;
  while (start <= input.size()) {
    std::size_t end = input.find('\n', start);
    if (end == std::string_view::npos) end = input.size();
    text += "        ";
    text += input.substr(start, end - start);
    text += '\n';
    start = end + 1;
  }
  vsctl::manifest::LoadRequest req;
  req.source_name = "architecture.yaml";
  req.text = text;
  req.manifest_dir = "deploy";
  req.read = [](const std::string&) -> vsctl::util::Result<std::string> {
    return std::string("apiVersion: v1\nkind: ConfigMap\nmetadata: { name: extra }\ndata: { a: b }\n");
  };
  auto loaded = vsctl::manifest::load(req);
  for (const auto& d : loaded.diags.items()) {
    auto it = loaded.texts.find(d.loc.source);
    if (vsctl::util::format(d, it == loaded.texts.end() ? std::string_view() : std::string_view(it->second)).empty())
      __builtin_trap();
  }
  if (!loaded.ok()) return 0;
  auto rendered = vsctl::render::render(*loaded.view);
  for (const auto& d : rendered.diags.items())
    if (d.message.empty()) __builtin_trap();
  for (const auto& obj : rendered.objects) (void)vsctl::yaml::emit(obj.body);
  return 0;
}
