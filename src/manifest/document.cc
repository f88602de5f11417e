#include "manifest/document.h"

#include <unordered_set>

#include "manifest/promotion.h"
#include "manifest/reader.h"
#include "manifest/service_reader.h"
#include "util/strings.h"

namespace vsctl::manifest {

namespace {

void read_environments(Reader& r, const yaml::Node* n, Document& doc) {
  if (!r.is_map(n, "spec.environments")) return;
  std::vector<std::string> names;
  for (const auto& s : doc.services) names.push_back(s.name);
  const std::unordered_set<std::string_view> services(names.begin(), names.end());
  int suggestions = 20;
  static const std::vector<std::string> known{"context", "namespace", "services"};
  for (const auto& [k, v] : n->entries) {
    if (!k->is_scalar()) continue;
    RawEnvironment re;
    re.key = k;
    re.env.name = k->value;
    re.env.loc = r.at(*k);
    if (!is_dns1123_label(re.env.name))
      r.error(*k, "bad-name", "environment name " + util::quote(re.env.name) + " must be a lower-case DNS label");
    const std::string what = "environment " + util::quote(re.env.name);
    if (v->resolves_null()) {
      doc.environments.push_back(std::move(re));
      continue;
    }
    if (!r.is_map(v, what)) continue;
    r.known_fields(*v, known, what);
    re.env.context = r.str(v->get("context"), what + ".context").value_or("");
    re.env.ns = r.str(v->get("namespace"), what + ".namespace").value_or("");
    if (!re.env.ns.empty() && !is_dns1123_label(re.env.ns))
      r.error(*v->get("namespace"), "bad-namespace", what + ".namespace " + util::quote(re.env.ns) + " must be a lower-case DNS label");
    const yaml::Node* svcs = v->get("services");
    if (r.is_map(svcs, what + ".services")) {
      re.services = svcs;
      for (const auto& [sk, sv] : svcs->entries) {
        if (!sk->is_scalar()) continue;
        if (!services.count(sk->value)) {
          // did-you-mean compares with every service: for the first few unknown names only
          r.error(*sk, "unknown-service",
                  what + " overrides service " + util::quote(sk->value) +
                      ", which spec.services does not have (an environment cannot add services)" +
                      (suggestions-- > 0 ? util::did_you_mean(sk->value, names) : std::string()));
        }
        if (r.is_map(sv, what + ".services." + sk->value))
          r.known_fields(*sv, service_field_names(), what + ".services." + sk->value);
      }
    }
    doc.environments.push_back(std::move(re));
  }
}

}  // namespace

Document parse_document(std::string_view source_name, std::string_view text, util::Diagnostics& diags) {
  Document doc;
  doc.source = std::string(source_name);
  doc.text = std::string(text);
  yaml::Limits limits;
  limits.max_bytes = kMaxManifestBytes;
  doc.yaml = yaml::parse(source_name, doc.text, limits);
  diags.append(doc.yaml.diags);
  if (doc.yaml.fatal) return doc;
  if (doc.yaml.documents.empty()) {
    diags.error({doc.source, 0, 0}, "empty", "the manifest is empty: it needs apiVersion, kind, metadata and spec");
    return doc;
  }
  if (doc.yaml.documents.size() > 1) {
    const yaml::Node* second = doc.yaml.documents[1];
    diags.error({doc.source, second->line, second->col}, "multiple-documents",
                "the manifest must be one YAML document; this is a second one");
  }
  Reader r(doc.source, diags);
  const yaml::Node* root = doc.yaml.documents[0];
  if (!r.is_map(root, "the manifest")) return doc;
  static const std::vector<std::string> top{"apiVersion", "kind", "metadata", "spec"};
  r.known_fields(*root, top, "the manifest");
  r.required_fields(*root, top, "the manifest");

  if (auto v = r.str(root->get("apiVersion"), "apiVersion"); v && *v != kApiVersion)
    r.error(*root->get("apiVersion"), "bad-api-version",
            "apiVersion " + util::quote(*v) + " is not supported; write " + std::string(kApiVersion));
  if (auto k = r.str(root->get("kind"), "kind"); k && *k != kKind)
    r.error(*root->get("kind"), "bad-kind", "kind must be " + std::string(kKind) + ", not " + util::quote(*k));

  const yaml::Node* meta = root->get("metadata");
  if (r.is_map(meta, "metadata")) {
    static const std::vector<std::string> known{"name", "labels", "annotations"};
    r.known_fields(*meta, known, "metadata");
    r.required_fields(*meta, std::vector<std::string>{"name"}, "metadata");
    doc.name = r.str(meta->get("name"), "metadata.name").value_or("");
    if (meta->get("name") && !doc.name.empty() && !is_dns1035_label(doc.name))
      r.error(*meta->get("name"), "bad-name",
              "metadata.name " + util::quote(doc.name) +
                  " must be a DNS-1035 label: lower-case letters, digits and '-', starting with a letter, at most 63");
    r.str_map(meta->get("labels"), "metadata.labels");
    r.str_map(meta->get("annotations"), "metadata.annotations");
  }

  const yaml::Node* spec = root->get("spec");
  if (!r.is_map(spec, "spec")) return doc;
  static const std::vector<std::string> spec_fields{"namespace", "defaults", "services", "environments",
                                                    "promotion"};
  r.known_fields(*spec, spec_fields, "spec");
  r.required_fields(*spec, std::vector<std::string>{"services"}, "spec");
  doc.ns = r.str(spec->get("namespace"), "spec.namespace").value_or("");
  if (spec->get("namespace") && !doc.ns.empty() && !is_dns1123_label(doc.ns))
    r.error(*spec->get("namespace"), "bad-namespace",
            "spec.namespace " + util::quote(doc.ns) + " must be a lower-case DNS label (letters, digits, '-')");
  if (doc.ns.empty()) doc.ns = doc.name;

  const yaml::Node* defaults = spec->get("defaults");
  if (r.is_map(defaults, "spec.defaults")) {
    r.known_fields(*defaults, service_field_names(), "spec.defaults");
    doc.defaults = defaults;
  }

  // Every environment's view is built and checked with every service: bound both.
  auto too_many = [&](const char* field, const yaml::Node* n, std::size_t limit, const char* what) {
    if (!n || !n->is_map() || n->entries.size() <= limit) return false;
    r.error(*n, "too-many", std::string(field) + " has " + std::to_string(n->entries.size()) + " " + what +
                                ", more than the limit of " + std::to_string(limit));
    return true;
  };
  bool over_services = too_many("spec.services", spec->get("services"), kMaxServices, "services");
  bool over_environments = too_many("spec.environments", spec->get("environments"), kMaxEnvironments, "environments");
  if (over_services || over_environments) return doc;

  const yaml::Node* services = spec->get("services");
  if (r.is_map(services, "spec.services")) {
    for (const auto& [k, v] : services->entries) {
      if (!k->is_scalar()) continue;
      RawService rs{k->value, k, nullptr};
      if (!is_dns1035_label(rs.name)) {
        r.error(*k, "bad-service-name",
                "service name " + util::quote(rs.name) +
                    " must be a DNS-1035 label: lower-case letters, digits and '-', starting with a letter, at most 63 "
                    "(it becomes a Service and DNS name)");
      }
      if (v->resolves_null()) {
        r.error(*k, "missing-field", "service " + util::quote(rs.name) + " needs at least image and version");
      } else if (r.is_map(v, "service " + util::quote(rs.name))) {
        rs.body = v;
      }
      doc.services.push_back(rs);
    }
  }
  read_environments(r, spec->get("environments"), doc);
  std::vector<Environment> environments;
  for (const auto& re : doc.environments) environments.push_back(re.env);
  doc.promotion = read_promotion(r, spec->get("promotion"), environments);
  doc.usable = true;
  return doc;
}

}  // namespace vsctl::manifest
