#include "manifest/objects.h"

#include <algorithm>

#include "k8s/json.h"
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

// Where the keys an identity problem can name are written (see render/identity.cc): every key
// of the object's top level, of its metadata, labels and roleRef, and of the spec maps on the
// way to a selector, a scale target or a pod template's labels. Nothing else is indexed: a
// large spec or a ConfigMap's data costs nothing here.
bool names_identity(std::string_view key) {
  static constexpr std::string_view kInto[] = {"metadata", "labels", "roleRef",  "spec",
                                               "selector", "matchLabels", "scaleTargetRef",
                                               "template", "jobTemplate"};
  return std::find(std::begin(kInto), std::end(kInto), key) != std::end(kInto);
}

void index_fields(const yaml::Node& map, const std::string& prefix, int depth, std::vector<FieldLoc>& out) {
  for (const auto& [k, v] : map.entries) {
    if (!k->is_scalar()) continue;
    std::string pointer = prefix + "/" + k8s::pointer_token(k->value);
    out.push_back({pointer, k->line, k->col});
    if (v->is_map() && depth < 8 && names_identity(k->value)) index_fields(*v, pointer, depth + 1, out);
  }
}

}  // namespace

namespace {

// Reads, parses and checks the file at repository path `path` into `f`.
void read_file(const FileReader& read, const std::string& path, std::string_view source_prefix, SourceTexts& texts,
               ObjectFiles::File& f) {
  auto text = read(path);
  if (!text) {
    f.error = text.error().message;
    return;
  }
  const std::string source = std::string(source_prefix) + path;
  f.bytes = text->size();
  yaml::Limits limits;
  limits.max_bytes = kMaxObjectFileBytes;
  auto parsed = yaml::parse(source, *text, limits);
  f.diags.append(parsed.diags);
  texts.emplace(source, std::move(*text));
  if (parsed.fatal) return;
  f.empty = parsed.documents.empty();
  std::size_t budget = kMaxObjectFileNodes;  // for the whole file: aliases must not multiply per document
  for (const yaml::Node* doc : parsed.documents) {
    auto j = yaml::to_json(*doc, source, budget);
    if (!j) {
      f.diags.add(j.error());
      break;
    }
    check_object(*j, source, *doc, f.diags);
    f.objects.push_back(std::move(*j));
    f.locs.push_back({source, doc->line, doc->col});
    auto fields = std::make_shared<std::vector<FieldLoc>>();
    if (doc->is_map()) index_fields(*doc, "", 0, *fields);
    f.fields.push_back(std::move(fields));
  }
  f.nodes = kMaxObjectFileNodes - budget;
}

bool same_files(const Service& s, const Architecture* loaded) {
  const Service* other = loaded ? loaded->find(s.name) : nullptr;
  if (!other || other->objects.size() != s.objects.size()) return false;
  for (std::size_t i = 0; i < s.objects.size(); ++i)
    if (other->objects[i].path != s.objects[i].path) return false;
  return true;
}

}  // namespace

namespace {

// Loads the objects files of `s`, adding them up in `totals`; false when they pass the limits
// of a view (then reported, and nothing more is to be loaded).
bool load_service(Service& s, std::string_view manifest_dir, const FileReader& read, std::string_view source_prefix,
                  SourceTexts& texts, ObjectFiles& files, util::Diagnostics& diags, ObjectTotals& totals) {
  for (auto& o : s.objects) {
    auto path = resolve_repo_path(manifest_dir, o.path);
    if (!path) {
      diags.error(o.loc, "bad-object-path",
                  "services." + s.name + ".objects: " + util::quote(o.path) +
                      " must be a relative path that stays inside the repository");
      continue;
    }
    auto it = files.files.find(*path);
    if (it == files.files.end()) {
      it = files.files.emplace(*path, ObjectFiles::File{}).first;
      read_file(read, *path, source_prefix, texts, it->second);
    }
    const ObjectFiles::File& f = it->second;
    if (!f.error.empty()) {
      diags.error(o.loc, "object-file",
                  "services." + s.name + ".objects: cannot read " + util::quote(*path) + ": " + f.error);
      continue;
    }
    diags.append(f.diags);
    if (f.empty)
      diags.warning(o.loc, "empty-object-file", "services." + s.name + ".objects: " + util::quote(*path) + " has no objects");
    totals.bytes += f.bytes;
    totals.nodes += f.nodes;
    if (totals.over()) {
      diags.error(o.loc, "too-many-objects",
                  "services." + s.name + ".objects: with " + util::quote(*path) +
                      ", the objects files add up to more than " + std::to_string(kMaxViewObjectBytes >> 20) +
                      " MiB or " + std::to_string(kMaxViewObjectNodes) +
                      " YAML nodes (a file counts each time it is listed)");
      return false;
    }
    o.objects = f.objects;
    o.locs = f.locs;
    o.fields = f.fields;
  }
  return true;
}

}  // namespace

ObjectTotals load_objects(Architecture& a, std::string_view manifest_dir, const FileReader& read,
                          std::string_view source_prefix, SourceTexts& texts, ObjectFiles& files,
                          util::Diagnostics& diags, const Architecture* loaded) {
  ObjectTotals totals;  // of this view
  for (auto& s : a.services) {
    if (same_files(s, loaded)) continue;
    if (!load_service(s, manifest_dir, read, source_prefix, texts, files, diags, totals)) break;
  }
  return totals;
}

ObjectTotals load_objects(std::span<Service* const> services, std::string_view manifest_dir, const FileReader& read,
                          std::string_view source_prefix, SourceTexts& texts, ObjectFiles& files,
                          util::Diagnostics& diags) {
  ObjectTotals totals;
  for (Service* s : services)
    if (!load_service(*s, manifest_dir, read, source_prefix, texts, files, diags, totals)) break;
  return totals;
}

}  // namespace vsctl::manifest
