#include "manifest/objects.h"

#include "manifest/check.h"
#include "util/strings.h"
#include "yaml/json.h"
#include "yaml/parse.h"

namespace vsctl::manifest {

namespace {

void check_object(const Json& obj, const std::string& source, const yaml::Node& node, util::Diagnostics& diags) {
  util::SourceLoc loc{source, node.line, node.col};
  if (!obj.is_object()) {
    diags.error(loc, "bad-object", "a Kubernetes object must be a map");
    return;
  }
  auto need = [&](const char* field, const Json* v) {
    if (!v || !v->is_string() || v->get_ref<const std::string&>().empty())
      diags.error(loc, "bad-object", std::string("this Kubernetes object has no ") + field);
  };
  need("apiVersion", obj.contains("apiVersion") ? &obj["apiVersion"] : nullptr);
  need("kind", obj.contains("kind") ? &obj["kind"] : nullptr);
  const Json* name = nullptr;
  if (obj.contains("metadata") && obj["metadata"].is_object() && obj["metadata"].contains("name"))
    name = &obj["metadata"]["name"];
  need("metadata.name", name);
}

}  // namespace

void load_objects(Architecture& a, std::string_view manifest_dir, const FileReader& read,
                  std::string_view source_prefix, SourceTexts& texts, util::Diagnostics& diags) {
  for (auto& s : a.services) {
    for (auto& o : s.objects) {
      auto path = resolve_repo_path(manifest_dir, o.path);
      if (!path) {
        diags.error(o.loc, "bad-object-path",
                    "services." + s.name + ".objects: " + util::quote(o.path) +
                        " must be a relative path that stays inside the repository");
        continue;
      }
      auto text = read(*path);
      if (!text) {
        diags.error(o.loc, "object-file", "services." + s.name + ".objects: cannot read " + util::quote(*path) + ": " +
                                              text.error().message);
        continue;
      }
      const std::string source = std::string(source_prefix) + *path;
      yaml::Limits limits;
      limits.max_bytes = kMaxObjectFileBytes;
      auto parsed = yaml::parse(source, *text, limits);
      diags.append(parsed.diags);
      texts.emplace(source, std::move(*text));
      if (parsed.fatal) continue;
      if (parsed.documents.empty())
        diags.warning(o.loc, "empty-object-file", "services." + s.name + ".objects: " + util::quote(*path) + " has no objects");
      for (const yaml::Node* doc : parsed.documents) {
        std::size_t budget = 500'000;
        auto j = yaml::to_json(*doc, source, budget);
        if (!j) {
          diags.add(j.error());
          continue;
        }
        check_object(*j, source, *doc, diags);
        o.objects.push_back(std::move(*j));
      }
    }
  }
}

}  // namespace vsctl::manifest
