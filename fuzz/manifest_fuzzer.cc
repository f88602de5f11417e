// libFuzzer target: the manifest front end on arbitrary bytes. Parses, checks and builds every
// view through manifest::load, formats each diagnostic as validate prints it, and when the
// manifest is valid renders it (and its first environment's view) to YAML and JSON, as render
// does. Any crash, sanitizer report, uncaught exception or timeout is a bug: vsctl must reject
// any input with diagnostics.
//
// An input may carry the content of its objects files: everything after a line "#@objects" is
// what every path in `objects` reads as (the seed corpus uses this for the fixtures that have
// objects files).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "manifest/load.h"
#include "render/render.h"
#include "util/diagnostic.h"
#include "yaml/emit.h"

namespace {

constexpr std::string_view kObjectsMarker = "\n#@objects\n";

void format_all(const vsctl::manifest::Loaded& loaded) {
  for (const auto& d : loaded.diags.items()) {
    auto it = loaded.texts.find(d.loc.source);
    std::string out = vsctl::util::format(d, it == loaded.texts.end() ? std::string_view() : std::string_view(it->second));
    if (out.empty()) __builtin_trap();  // a diagnostic always prints something
  }
}

void render_view(const vsctl::manifest::Architecture& view) {
  auto rendered = vsctl::render::render(view);
  std::string yaml;
  nlohmann::json list = nlohmann::json::array();
  for (const auto& obj : rendered.objects) {
    yaml += vsctl::yaml::emit(obj.body);
    list.push_back(obj.body);
  }
  std::string json = list.dump(2);
  (void)json;
}

vsctl::manifest::Loaded load(const std::string& text, const std::string& objects, const std::string& env) {
  vsctl::manifest::LoadRequest req;
  req.source_name = "architecture.yaml";
  req.text = text;
  req.manifest_dir = "deploy";
  req.env = env;
  req.read = [&objects](const std::string& path) -> vsctl::util::Result<std::string> {
    if (path.find("missing") != std::string::npos)
      return vsctl::util::fail(vsctl::util::ErrorKind::Io, "no such file: " + path);
    return objects;
  };
  return vsctl::manifest::load(req);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string text(input), objects;
  if (auto pos = input.find(kObjectsMarker); pos != std::string_view::npos) {
    text = std::string(input.substr(0, pos + 1));
    objects = std::string(input.substr(pos + kObjectsMarker.size()));
  }
  auto loaded = load(text, objects, "");
  format_all(loaded);
  if (!loaded.ok()) return 0;
  render_view(*loaded.view);
  if (!loaded.view->environments.empty()) {
    auto env = load(text, objects, loaded.view->environments.front().name);
    format_all(env);
    if (env.ok()) render_view(*env.view);
  }
  return 0;
}
