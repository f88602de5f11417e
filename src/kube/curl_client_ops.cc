// CurlClient's typed operations: paths from discovery, bodies and query parameters.
#include "kube/curl_client.h"

namespace vsctl::kube {
namespace {

ApiError invalid_object(const util::Error& e, const char* verb) {
  ApiError a;
  a.kind = ApiErrorKind::Invalid;
  a.verb = verb;
  a.message = e.message;
  return a;
}

ApiResult<k8s::Json> parse_body(const Response& r, const Request& req, bool managed_fields = true) {
  auto j = managed_fields ? k8s::parse_json("response", r.body) : k8s::parse_list_without_managed_fields("response", r.body);
  if (!j) {
    ApiError e;
    e.kind = ApiErrorKind::ServerError;
    e.http_status = r.status;
    e.verb = to_string(req.verb);
    e.path = req.path;
    e.message = "the server's answer is not JSON: " + j.error().message;
    return api_fail(std::move(e));
  }
  return std::move(*j);
}

// What the server must never get from us in an apply or create.
k8s::Json without_server_fields(const k8s::Json& object, bool keep_resource_version) {
  k8s::Json o = object;
  if (auto it = o.find("metadata"); it != o.end() && it->is_object()) {
    it->erase("managedFields");
    if (!keep_resource_version) it->erase("resourceVersion");
  }
  return o;
}

const char* propagation(Propagation p) {
  switch (p) {
    case Propagation::Background: return "Background";
    case Propagation::Foreground: return "Foreground";
    case Propagation::Orphan: return "Orphan";
  }
  return "Background";
}

}  // namespace

ApiResult<ResourceInfo> CurlClient::resource_for(const k8s::GroupVersionKind& gvk) {
  for (int pass = 0; pass < 2; ++pass) {
    auto d = discovery();
    if (!d) return api_fail(d.error());
    if (const auto* r = (*d)->find(gvk)) return *r;
    std::lock_guard lock(mu_);
    // A kind that appeared during the run (a CRD just applied): look once more.
    if (pass == 0 && std::chrono::steady_clock::now() - discovery_at_ > std::chrono::seconds(2)) {
      discovery_.reset();
    } else {
      break;
    }
  }
  ApiError e;
  e.kind = ApiErrorKind::NotFound;
  e.verb = "discover";
  e.path = gvk.group.empty() ? "/api/" + gvk.version : "/apis/" + gvk.group + "/" + gvk.version;
  e.message = "the API server has no resource for " + k8s::to_string(gvk);
  e.hint = "check the apiVersion and kind, and that its CustomResourceDefinition is installed";
  return api_fail(std::move(e));
}

ApiResult<std::string> CurlClient::path_for(const k8s::ObjectKey& key) {
  auto r = resource_for(key.gvk());
  if (!r) return api_fail(r.error());
  std::string ns = r->namespaced ? (key.namespace_.empty() ? default_namespace() : key.namespace_) : "";
  return object_path(*r, ns, key.name);
}

// GET of an object path; a 404 is an empty optional, not an error.
ApiResult<std::optional<k8s::Json>> CurlClient::get_path(const std::string& path) {
  Request req{Verb::Get, path, {}, {}, {}, std::string(kJson), {}};
  auto r = send(req);
  if (!r) {
    if (r.error().kind == ApiErrorKind::NotFound) return std::optional<k8s::Json>();
    return api_fail(r.error());
  }
  auto j = parse_body(*r, req);
  if (!j) return api_fail(j.error());
  return std::optional<k8s::Json>(std::move(*j));
}

ApiResult<std::optional<k8s::Json>> CurlClient::get(const k8s::ObjectKey& key) {
  auto path = path_for(key);
  if (!path) return api_fail(path.error());
  return get_path(*path);
}

ApiResult<std::optional<k8s::Json>> CurlClient::get_status(const k8s::ObjectKey& key) {
  auto res = resource_for(key.gvk());
  if (!res) return api_fail(res.error());
  if (!res->has_subresource("status")) return get(key);
  auto path = path_for(key);
  if (!path) return api_fail(path.error());
  return get_path(*path + "/status");
}

ApiResult<std::string> CurlClient::pod_log(const std::string& ns, const std::string& pod, const std::string& container,
                                          int tail_lines, int limit_bytes) {
  Request req{Verb::Get, "/api/v1/namespaces/" + url_encode(ns) + "/pods/" + url_encode(pod) + "/log", {}, {}, {}, "*/*", {}};
  if (!container.empty()) req.query.emplace_back("container", container);
  if (tail_lines > 0) req.query.emplace_back("tailLines", std::to_string(tail_lines));
  if (limit_bytes > 0) req.query.emplace_back("limitBytes", std::to_string(limit_bytes));
  auto r = send(req);
  if (!r) return api_fail(r.error());
  return std::move(r->body);
}

namespace {

// The metadata of a list's items, else (a server or aggregated API that cannot) the whole list.
constexpr std::string_view kMetadataListThenJson = "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json";

Request page_request(const std::string& path, const ListOptions& opts, const std::string& cont) {
  Request req{Verb::List, path, {}, {}, {}, std::string(kJson), {}};
  if (opts.metadata_only) req.accept = std::string(kMetadataListThenJson);
  if (opts.page_size > 0) req.query.emplace_back("limit", std::to_string(opts.page_size));
  if (!cont.empty()) req.query.emplace_back("continue", cont);
  if (!opts.label_selector.empty()) req.query.emplace_back("labelSelector", opts.label_selector);
  if (!opts.field_selector.empty()) req.query.emplace_back("fieldSelector", opts.field_selector);
  return req;
}

// Adds one page's items to `out`; returns the page's continue token ("" on the last page).
ApiResult<std::string> take_page(const Response& r, const Request& req, const k8s::GroupVersionKind& gvk,
                                 const ListOptions& opts, ObjectList& out) {
  auto j = parse_body(r, req, opts.managed_fields);
  if (!j) return api_fail(j.error());
  if (out.resource_version.empty()) out.resource_version = k8s::string_at(*j, "/metadata/resourceVersion");
  if (auto it = j->find("items"); it != j->end() && it->is_array()) {
    for (auto& item : *it) {
      if (!item.is_object()) continue;
      item["apiVersion"] = gvk.api_version();
      item["kind"] = gvk.kind;
      out.items.push_back(std::move(item));
    }
  }
  return k8s::string_at(*j, "/metadata/continue");
}

}  // namespace

ApiResult<ObjectList> CurlClient::list(const k8s::GroupVersionKind& gvk, const ListOptions& opts) {
  auto res = resource_for(gvk);
  if (!res) return api_fail(res.error());
  return list_pages(collection_path(*res, res->namespaced ? opts.namespace_ : ""), gvk, opts, {}, "");
}

ApiResult<ObjectList> CurlClient::list_pages(const std::string& path, const k8s::GroupVersionKind& gvk,
                                             const ListOptions& opts, ObjectList out, std::string cont) {
  bool restarted = false;
  while (true) {
    auto req = page_request(path, opts, cont);
    auto r = send(req);
    if (!r) {
      // The continue token expired between pages: start over once.
      if (r.error().kind == ApiErrorKind::Gone && !cont.empty() && !restarted) {
        restarted = true;
        cont.clear();
        out = ObjectList{};
        continue;
      }
      return api_fail(r.error());
    }
    auto next = take_page(*r, req, gvk, opts, out);
    if (!next) return api_fail(next.error());
    cont = std::move(*next);
    if (cont.empty()) return out;
  }
}

std::vector<ApiResult<ObjectList>> CurlClient::list_many(std::span<const ListQuery> queries) {
  std::vector<ApiResult<ObjectList>> out(queries.size(), ObjectList{});
  std::vector<Request> first;
  std::vector<std::size_t> index;
  std::vector<std::string> paths(queries.size());
  for (std::size_t i = 0; i < queries.size(); ++i) {
    auto res = resource_for(queries[i].gvk);
    if (!res) {
      out[i] = api_fail(res.error());
      continue;
    }
    paths[i] = collection_path(*res, res->namespaced ? queries[i].opts.namespace_ : "");
    first.push_back(page_request(paths[i], queries[i].opts, ""));
    index.push_back(i);
  }
  auto pages = parallel(first, opts_.max_in_flight);
  for (std::size_t k = 0; k < pages.size(); ++k) {
    std::size_t i = index[k];
    if (!pages[k]) {
      out[i] = api_fail(pages[k].error());
      continue;
    }
    ObjectList list;
    auto next = take_page(*pages[k], first[k], queries[i].gvk, queries[i].opts, list);
    if (!next) {
      out[i] = api_fail(next.error());
      continue;
    }
    // a longer list follows its pages on its own
    out[i] = next->empty() ? ApiResult<ObjectList>(std::move(list))
                           : list_pages(paths[i], queries[i].gvk, queries[i].opts, std::move(list), std::move(*next));
  }
  return out;
}

ApiResult<Request> CurlClient::apply_request(const k8s::Json& object, const ApplyOptions& opts) {
  auto key = k8s::key_of(object);
  if (!key) return api_fail(invalid_object(key.error(), "patch"));
  auto path = path_for(*key);
  if (!path) return api_fail(path.error());
  Request req;
  req.verb = Verb::Patch;
  req.path = *path;
  req.content_type = std::string(kApplyPatch);
  req.body = k8s::dump(without_server_fields(object, false));
  req.query.emplace_back("fieldManager", opts.field_manager);
  if (opts.force == Force::Yes) req.query.emplace_back("force", "true");
  if (opts.dry_run == DryRun::All) req.query.emplace_back("dryRun", "All");
  req.query.emplace_back("fieldValidation", "Strict");
  return req;
}

ApiResult<k8s::Json> CurlClient::apply(const k8s::Json& object, const ApplyOptions& opts) {
  auto req = apply_request(object, opts);
  if (!req) return api_fail(req.error());
  auto r = send(*req);
  if (!r) return api_fail(r.error());
  return parse_body(*r, *req);
}

std::vector<ApiResult<k8s::Json>> CurlClient::apply_all(std::span<const k8s::Json> objects,
                                                        const ApplyOptions& opts) {
  std::vector<ApiResult<k8s::Json>> out(objects.size(), k8s::Json());
  std::vector<Request> requests;
  std::vector<std::size_t> index;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    auto req = apply_request(objects[i], opts);
    if (!req) {
      out[i] = api_fail(req.error());
      continue;
    }
    requests.push_back(std::move(*req));
    index.push_back(i);
  }
  auto results = parallel(requests, opts_.max_in_flight);
  for (std::size_t k = 0; k < results.size(); ++k) {
    out[index[k]] = results[k] ? parse_body(*results[k], requests[k]) : api_fail(results[k].error());
  }
  return out;
}

ApiResult<k8s::Json> CurlClient::create(const k8s::Json& object, DryRun dry_run) {
  auto key = k8s::key_of(object);
  if (!key && !k8s::find(object, "/metadata/generateName")) {
    return api_fail(invalid_object(key.error(), "create"));
  }
  k8s::ObjectKey k;
  if (key) {
    k = *key;
  } else {
    auto gv = k8s::parse_api_version(k8s::string_at(object, "/apiVersion"));
    k = {gv.group, gv.version, k8s::string_at(object, "/kind"),
         k8s::string_at(object, "/metadata/namespace"), ""};
  }
  auto res = resource_for(k.gvk());
  if (!res) return api_fail(res.error());
  std::string ns = res->namespaced ? (k.namespace_.empty() ? default_namespace() : k.namespace_) : "";
  Request req;
  req.verb = Verb::Create;
  req.path = collection_path(*res, ns);
  if (!k.name.empty()) req.object_path = req.path + "/" + k.name;
  req.body = k8s::dump(without_server_fields(object, false));
  if (dry_run == DryRun::All) req.query.emplace_back("dryRun", "All");
  req.query.emplace_back("fieldManager", std::string(k8s::kFieldManager));
  req.query.emplace_back("fieldValidation", "Strict");
  auto r = send(req);
  if (!r) return api_fail(r.error());
  return parse_body(*r, req);
}

ApiResult<k8s::Json> CurlClient::update(const k8s::Json& object, DryRun dry_run) {
  auto key = k8s::key_of(object);
  if (!key) return api_fail(invalid_object(key.error(), "update"));
  auto path = path_for(*key);
  if (!path) return api_fail(path.error());
  Request req;
  req.verb = Verb::Update;
  req.path = *path;
  req.object_path = *path;
  req.body = k8s::dump(without_server_fields(object, true));
  if (dry_run == DryRun::All) req.query.emplace_back("dryRun", "All");
  req.query.emplace_back("fieldManager", std::string(k8s::kFieldManager));
  req.query.emplace_back("fieldValidation", "Strict");
  auto r = send(req);
  if (!r) return api_fail(r.error());
  return parse_body(*r, req);
}

ApiResult<bool> CurlClient::remove(const k8s::ObjectKey& key, const DeleteOptions& opts) {
  auto path = path_for(key);
  if (!path) return api_fail(path.error());
  Request req;
  req.verb = Verb::Delete;
  req.path = *path;
  k8s::Json body = {{"apiVersion", "v1"}, {"kind", "DeleteOptions"}, {"propagationPolicy", propagation(opts.propagation)}};
  if (opts.dry_run == DryRun::All) {
    body["dryRun"] = {"All"};
    req.query.emplace_back("dryRun", "All");
  }
  req.body = k8s::dump(body);
  auto r = send(req);
  if (!r) {
    if (r.error().kind == ApiErrorKind::NotFound) return false;
    return api_fail(r.error());
  }
  return true;
}

}  // namespace vsctl::kube
