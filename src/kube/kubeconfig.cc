#include "kube/kubeconfig.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "util/hash.h"
#include "util/strings.h"

namespace vsctl::kube {
namespace {

namespace fs = std::filesystem;
using util::ErrorKind;

struct Entry {
  YAML::Node node;   // the inner "cluster:", "user:" or "context:" map
  std::string file;  // the file that set it
};

struct Merged {
  std::map<std::string, Entry> clusters, users, contexts;
  std::string current_context;
  std::string current_context_file;
  std::vector<std::string> files;
};

std::string scalar(const YAML::Node& map, const char* key) {
  if (!map || !map.IsMap()) return "";
  auto v = map[key];
  if (!v || !v.IsScalar()) return "";
  return v.Scalar();
}

bool boolean(const YAML::Node& map, const char* key) {
  std::string v = scalar(map, key);
  return v == "true" || v == "True" || v == "TRUE" || v == "yes" || v == "on";
}

std::string resolve_path(const std::string& file, const std::string& p) {
  if (p.empty() || fs::path(p).is_absolute()) return p;
  if (p.starts_with("~/")) {
    if (const char* home = std::getenv("HOME")) return std::string(home) + p.substr(1);
  }
  return (fs::path(file).parent_path() / p).lexically_normal().string();
}

util::Result<void> merge_file(Merged& m, const std::string& path, const std::string& text) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return util::fail(ErrorKind::Cluster, path + ":" + std::to_string(e.mark.line + 1) + ":" +
                                              std::to_string(e.mark.column + 1) +
                                              ": invalid kubeconfig: " + e.msg);
  }
  m.files.push_back(path);
  if (!root || root.IsNull()) return {};
  if (!root.IsMap()) return util::fail(ErrorKind::Cluster, path + ": invalid kubeconfig: not a map");
  auto add = [&](const char* list, const char* inner, std::map<std::string, Entry>& into) -> util::Result<void> {
    auto seq = root[list];
    if (!seq || seq.IsNull()) return {};
    if (!seq.IsSequence()) {
      return util::fail(ErrorKind::Cluster, path + ": invalid kubeconfig: " + list + " is not a list");
    }
    for (const auto& item : seq) {
      std::string name = scalar(item, "name");
      if (name.empty()) continue;
      // the first file to set a name wins; an entry without its inner map ("user:" misspelt)
      // is an empty one, never yaml-cpp's invalid node, which throws when indexed
      YAML::Node body = item[inner];
      into.emplace(name, Entry{body.IsDefined() ? body : YAML::Node(), path});
    }
    return {};
  };
  try {
    VSCTL_CHECK(add("clusters", "cluster", m.clusters));
    VSCTL_CHECK(add("users", "user", m.users));
    VSCTL_CHECK(add("contexts", "context", m.contexts));
    std::string cur = scalar(root, "current-context");
    if (m.current_context.empty() && !cur.empty()) {
      m.current_context = cur;
      m.current_context_file = path;
    }
  } catch (const YAML::Exception& e) {
    return util::fail(ErrorKind::Cluster, path + ": invalid kubeconfig: " + e.msg);
  }
  return {};
}

util::Result<std::string> decode_data(const std::string& b64, const std::string& what) {
  std::string compact;
  for (char c : b64) {
    if (c != '\n' && c != '\r' && c != ' ' && c != '\t') compact += c;
  }
  auto decoded = util::base64_decode(compact);
  if (!decoded) return util::fail(ErrorKind::Cluster, what + " is not valid base64");
  return *decoded;
}

// "data" wins over the file, as in kubectl.
util::Result<std::string> data_or_file(const YAML::Node& node, const char* data_key,
                                       const char* file_key, const std::string& entry_file,
                                       const std::string& what, std::string* origin) {
  std::string data = scalar(node, data_key);
  if (!data.empty()) {
    if (origin) *origin = std::string(data_key) + " of " + what;
    return decode_data(data, std::string(data_key) + " of " + what + " in " + entry_file);
  }
  std::string file = scalar(node, file_key);
  if (file.empty()) return std::string();
  std::string resolved = resolve_path(entry_file, file);
  if (origin) *origin = resolved;
  return read_file(resolved, std::string(file_key) + " of " + what + " in " + entry_file);
}

util::Result<ExecConfig> parse_exec(const YAML::Node& exec, const std::string& file, const std::string& user) {
  ExecConfig e;
  e.api_version = scalar(exec, "apiVersion");
  e.command = scalar(exec, "command");
  e.install_hint = scalar(exec, "installHint");
  e.provide_cluster_info = boolean(exec, "provideClusterInfo");
  std::string where = "exec plugin of user \"" + user + "\" in " + file;
  if (e.command.empty()) return util::fail(ErrorKind::Cluster, where + " has no command");
  if (e.api_version != "client.authentication.k8s.io/v1" &&
      e.api_version != "client.authentication.k8s.io/v1beta1") {
    return util::fail(ErrorKind::Cluster,
                      where + " has apiVersion " + util::quote(e.api_version) +
                          "; supported: client.authentication.k8s.io/v1 and v1beta1");
  }
  if (e.command.find('/') != std::string::npos) e.command = resolve_path(file, e.command);
  if (auto args = exec["args"]; args && args.IsSequence()) {
    for (const auto& a : args) e.args.push_back(a.IsScalar() ? a.Scalar() : "");
  }
  if (auto env = exec["env"]; env && env.IsSequence()) {
    for (const auto& kv : env) e.env.emplace_back(scalar(kv, "name"), scalar(kv, "value"));
  }
  return e;
}

util::Result<RestConfig> resolve(const Merged& m, const ConfigFlags& flags) {
  std::string files = util::join(m.files, ":");
  RestConfig rc;
  rc.source = files;
  std::string ctx_name = flags.context.value_or(m.current_context);
  if (ctx_name.empty()) {
    return util::fail(ErrorKind::Cluster,
                      files + ": no current-context is set; pass --context NAME");
  }
  auto ctx_it = m.contexts.find(ctx_name);
  if (ctx_it == m.contexts.end()) {
    std::vector<std::string> names;
    for (const auto& [n, _] : m.contexts) names.push_back(n);
    return util::fail(ErrorKind::Cluster, files + ": context " + util::quote(ctx_name) +
                                              " is not defined" + util::did_you_mean(ctx_name, names));
  }
  const auto& ctx = ctx_it->second;
  rc.context = ctx_name;
  rc.cluster = scalar(ctx.node, "cluster");
  rc.user = scalar(ctx.node, "user");
  std::string ctx_ns = scalar(ctx.node, "namespace");
  rc.namespace_ = flags.namespace_.value_or(ctx_ns.empty() ? "default" : ctx_ns);

  auto cl_it = m.clusters.find(rc.cluster);
  if (cl_it == m.clusters.end()) {
    return util::fail(ErrorKind::Cluster, ctx.file + ": context " + util::quote(ctx_name) +
                                              " names cluster " + util::quote(rc.cluster) +
                                              ", which is not defined");
  }
  const auto& cl = cl_it->second;
  std::string cl_what = "cluster \"" + rc.cluster + "\"";
  rc.server = scalar(cl.node, "server");
  while (rc.server.ends_with('/')) rc.server.pop_back();
  if (rc.server.empty()) {
    return util::fail(ErrorKind::Cluster, cl.file + ": " + cl_what + " has no server");
  }
  if (!rc.server.starts_with("https://") && !rc.server.starts_with("http://")) {
    return util::fail(ErrorKind::Cluster, cl.file + ": " + cl_what + " has server " +
                                              util::quote(rc.server) + "; expected https://HOST:PORT");
  }
  rc.insecure_skip_tls_verify = boolean(cl.node, "insecure-skip-tls-verify");
  rc.tls_server_name = scalar(cl.node, "tls-server-name");
  VSCTL_TRY(ca, data_or_file(cl.node, "certificate-authority-data", "certificate-authority", cl.file,
                             cl_what, &rc.ca_origin));
  rc.ca_pem = std::move(ca);

  if (!rc.user.empty()) {
    auto us_it = m.users.find(rc.user);
    if (us_it == m.users.end()) {
      return util::fail(ErrorKind::Cluster, ctx.file + ": context " + util::quote(ctx_name) +
                                                " names user " + util::quote(rc.user) +
                                                ", which is not defined");
    }
    const auto& us = us_it->second;
    std::string us_what = "user \"" + rc.user + "\"";
    VSCTL_TRY(cert, data_or_file(us.node, "client-certificate-data", "client-certificate", us.file,
                                 us_what, nullptr));
    VSCTL_TRY(key, data_or_file(us.node, "client-key-data", "client-key", us.file, us_what, nullptr));
    if (cert.empty() != key.empty()) {
      return util::fail(ErrorKind::Cluster, us.file + ": " + us_what +
                                                " has a client certificate without a key, or a key "
                                                "without a certificate");
    }
    rc.client_cert_pem = std::move(cert);
    rc.client_key_pem = std::move(key);
    rc.token = scalar(us.node, "token");
    std::string token_file = scalar(us.node, "tokenFile");
    if (rc.token.empty() && !token_file.empty()) rc.token_file = resolve_path(us.file, token_file);
    if (auto exec = us.node["exec"]; exec && exec.IsMap()) {
      VSCTL_TRY(e, parse_exec(exec, us.file, rc.user));
      rc.exec = std::move(e);
    }
    if (auto ap = us.node["auth-provider"]; ap && ap.IsMap()) {
      return util::fail(ErrorKind::Cluster,
                        us.file + ": " + us_what + " uses auth-provider " +
                            util::quote(scalar(ap, "name")) +
                            ", which is not supported; use an exec credential plugin");
    }
    if (!scalar(us.node, "username").empty() && rc.token.empty() && rc.token_file.empty() &&
        !rc.exec && rc.client_cert_pem.empty()) {
      return util::fail(ErrorKind::Cluster, us.file + ": " + us_what +
                                                " uses basic authentication, which is not supported");
    }
  }
  return rc;
}

}  // namespace

ConfigEnv ConfigEnv::from_process() {
  ConfigEnv env;
  auto get = [](const char* name) -> std::optional<std::string> {
    const char* v = std::getenv(name);
    if (!v) return std::nullopt;
    return std::string(v);
  };
  env.kubeconfig = get("KUBECONFIG");
  env.home = get("HOME");
  env.service_host = get("KUBERNETES_SERVICE_HOST");
  env.service_port = get("KUBERNETES_SERVICE_PORT");
  return env;
}

util::Result<std::string> read_file(const std::string& path, std::string_view what, util::Pipes pipes) {
  auto text = util::read_bounded(path, kMaxFileBytes, pipes);
  if (!text) return util::fail(ErrorKind::Cluster, text.error().message + " (" + std::string(what) + ")");
  return text;
}

util::Result<RestConfig> resolve_kubeconfig(
    const std::vector<std::pair<std::string, std::string>>& files, const ConfigFlags& flags) {
  Merged m;
  for (const auto& [path, text] : files) VSCTL_CHECK(merge_file(m, path, text));
  try {
    return resolve(m, flags);
  } catch (const YAML::Exception& e) {  // a shape no check above foresaw: the file's fault, not an internal error
    return util::fail(ErrorKind::Cluster, (files.empty() ? std::string("kubeconfig") : files.front().first) +
                                              ": invalid kubeconfig: " + e.msg);
  }
}

util::Result<RestConfig> in_cluster_config(const ConfigFlags& flags, const ConfigEnv& env) {
  if (!env.service_host || env.service_host->empty() || !env.service_port ||
      env.service_port->empty()) {
    return util::fail(ErrorKind::Cluster, "not running in a cluster: KUBERNETES_SERVICE_HOST and "
                                          "KUBERNETES_SERVICE_PORT are not set");
  }
  RestConfig rc;
  rc.source = "in-cluster";
  std::string host = *env.service_host;
  if (host.find(':') != std::string::npos) host = "[" + host + "]";  // IPv6
  rc.server = "https://" + host + ":" + *env.service_port;
  rc.token_file = env.service_account_dir + "/token";
  std::string ca_path = env.service_account_dir + "/ca.crt";
  VSCTL_TRY(ca, read_file(ca_path, "the service account's CA"));
  rc.ca_pem = std::move(ca);
  rc.ca_origin = ca_path;
  // The token is read at each request (it rotates); check now that it is there.
  VSCTL_CHECK(read_file(rc.token_file, "the service account's token"));
  if (flags.namespace_) {
    rc.namespace_ = *flags.namespace_;
  } else if (auto ns = read_file(env.service_account_dir + "/namespace", "namespace")) {
    std::string n(util::trim(*ns));
    if (!n.empty()) rc.namespace_ = n;
  }
  return rc;
}

util::Result<RestConfig> load_rest_config(const ConfigFlags& flags, const ConfigEnv& env) {
  std::vector<std::pair<std::string, std::string>> texts;
  if (flags.kubeconfig) {
    VSCTL_TRY(text, read_file(*flags.kubeconfig, "--kubeconfig", util::Pipes::Accept));
    texts.emplace_back(*flags.kubeconfig, std::move(text));
  } else if (env.kubeconfig && !env.kubeconfig->empty()) {
    for (const auto& path : util::split(*env.kubeconfig, ':')) {
      if (path.empty() || !fs::exists(path)) continue;  // kubectl skips missing files
      VSCTL_TRY(text, read_file(path, "listed in KUBECONFIG", util::Pipes::Accept));
      texts.emplace_back(path, std::move(text));
    }
    if (texts.empty()) {
      return util::fail(ErrorKind::Cluster,
                        "none of the files in KUBECONFIG exists: " + *env.kubeconfig);
    }
  } else {
    std::string home_config = env.home ? *env.home + "/.kube/config" : "";
    if (!home_config.empty() && fs::exists(home_config)) {
      VSCTL_TRY(text, read_file(home_config, "the default kubeconfig"));
      texts.emplace_back(home_config, std::move(text));
    } else if (env.service_host && env.service_port) {
      return in_cluster_config(flags, env);
    } else {
      return util::fail(ErrorKind::Cluster,
                        "no kubeconfig: pass --kubeconfig, set KUBECONFIG, or create " +
                            (home_config.empty() ? std::string("~/.kube/config") : home_config));
    }
  }
  return resolve_kubeconfig(texts, flags);
}

}  // namespace vsctl::kube
