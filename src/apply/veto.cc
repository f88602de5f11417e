#include "apply/veto.h"

#include <algorithm>

namespace vsctl::apply {

namespace {

bool key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '.';
}

bool by_service_version(const Veto& a, const Veto& b) {
  return std::tie(a.service, a.version) < std::tie(b.service, b.version);
}

}  // namespace

std::string veto_configmap_name(std::string_view architecture) {
  return "vsctl." + std::string(architecture) + ".vetoes";
}

std::string veto_key(std::string_view service, std::string_view version) {
  std::string key(service);
  key += '_';
  for (char c : version) key += key_char(c) ? c : '_';
  return key;
}

util::Result<std::pair<std::string, std::string>> parse_service_at_version(std::string_view text) {
  auto at = text.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == text.size() || text.find('@', at + 1) != std::string_view::npos)
    return util::fail(util::ErrorKind::Usage,
                      "\"" + std::string(text) + "\" is not SERVICE@VERSION (for example cart@2.2.0)");
  std::string service(text.substr(0, at)), version(text.substr(at + 1));
  for (char c : service)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
      return util::fail(util::ErrorKind::Usage, "\"" + service + "\" is not a service name (lower-case letters, digits and '-')");
  for (char c : version)
    if (c <= ' ' || c == 0x7f)
      return util::fail(util::ErrorKind::Usage, "the version in \"" + std::string(text) + "\" contains a space or a control character");
  return std::pair{std::move(service), std::move(version)};
}

k8s::Json encode_vetoes(std::string_view architecture, std::string_view ns, const std::vector<Veto>& vetoes) {
  k8s::Json data = k8s::Json::object();
  for (const auto& v : vetoes) {
    k8s::Json value = {{"service", v.service}, {"version", v.version}, {"reason", v.reason}, {"by", v.by}, {"at", v.at}};
    data[veto_key(v.service, v.version)] = k8s::dump(value);
  }
  return {{"apiVersion", "v1"},
          {"kind", "ConfigMap"},
          {"metadata",
           {{"name", veto_configmap_name(architecture)},
            {"namespace", std::string(ns)},
            {"labels", {{std::string(kLabelVetoes), std::string(architecture)}}}}},
          {"data", data}};
}

util::Result<std::vector<Veto>> decode_vetoes(const k8s::Json& configmap) {
  std::vector<Veto> out;
  const auto* data = k8s::find(configmap, "/data");
  if (data == nullptr || !data->is_object()) return out;
  const std::string name = k8s::string_at(configmap, "/metadata/name");
  for (const auto& [key, value] : data->items()) {
    auto bad = [&](const std::string& why) {
      return util::fail(util::ErrorKind::Cluster, "ConfigMap " + name + ", key " + key + ": " + why +
                                                      "; fix or remove the entry (kubectl edit configmap " + name + ")");
    };
    if (!value.is_string()) return bad("the value is not a string");
    auto j = k8s::parse_json(key, value.get<std::string>());
    if (!j || !j->is_object()) return bad("the value is not a JSON object");
    Veto v{k8s::string_at(*j, "/service"), k8s::string_at(*j, "/version"), k8s::string_at(*j, "/reason"),
           k8s::string_at(*j, "/by"), k8s::string_at(*j, "/at")};
    if (v.service.empty() || v.version.empty()) return bad("the value names no service or no version");
    if (veto_key(v.service, v.version) != key) return bad("the key does not match " + v.service + "@" + v.version);
    out.push_back(std::move(v));
  }
  std::sort(out.begin(), out.end(), by_service_version);
  return out;
}

std::string veto_refusal(const Veto& v) {
  std::string m = v.service + "@" + v.version + " is vetoed";
  if (!v.reason.empty()) m += ": " + v.reason;
  if (!v.by.empty() || !v.at.empty()) {
    m += " (by " + (v.by.empty() ? std::string("?") : v.by);
    if (!v.at.empty()) m += " at " + v.at;
    m += ")";
  }
  return m + "; lift it with `vsctl unveto " + v.service + "@" + v.version + "`";
}

util::Result<void> check_vetoes(const std::vector<Veto>& vetoes, const std::map<std::string, std::string>& desired) {
  std::vector<const Veto*> hits;
  for (const auto& v : vetoes) {
    auto it = desired.find(v.service);
    if (it != desired.end() && it->second == v.version) hits.push_back(&v);
  }
  if (hits.empty()) return {};
  std::sort(hits.begin(), hits.end(), [](const Veto* a, const Veto* b) { return by_service_version(*a, *b); });
  std::string m = veto_refusal(*hits.front());
  for (std::size_t i = 1; i < hits.size(); ++i) m += "\n" + veto_refusal(*hits[i]);
  return util::fail(util::ErrorKind::Refused, m);
}

}  // namespace vsctl::apply
