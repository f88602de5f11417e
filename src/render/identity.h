#pragma once
// Identity and ownership of a service's rendered objects, after its patches and with its
// objects files: each is a well-formed object (apiVersion, kind, metadata.name, all strings)
// with a valid name, in the view's namespace (or one the service declares), cluster-scoped only
// when declared, carrying vsctl's labels with vsctl's values, and selecting (or being selected
// as) only its own service's pods. Pure: one object in, its problems out.
#include <string>
#include <vector>

#include "k8s/object_key.h"
#include "manifest/model.h"
#include "util/diagnostic.h"

namespace vsctl::render {

using Json = nlohmann::json;

// Where an object of a service comes from: what vsctl renders for it, or its objects files.
enum class Origin { Workload, Service, Autoscaler, File };

struct Problem {
  util::Severity severity = util::Severity::Error;
  std::string code;
  std::string message;  // about the object, without the place it comes from
  std::string field;    // the JSON pointer of the field at fault ("" for the object as a whole)
  friend bool operator==(const Problem&, const Problem&) = default;
};

// What is wrong with `body`, an object of service `s` of `a`, rendered as `origin` with key
// `original` (before patches; it names the object in the messages). Empty when nothing is.
std::vector<Problem> identity_problems(const manifest::Architecture& a, const manifest::Service& s,
                                       Origin origin, const k8s::ObjectKey& original, const Json& body);

// Why `name` is not a valid name for an object of `kind` (empty when it is): a DNS-1035 label
// for a Service, a DNS-1123 label for a Namespace, a path segment for RBAC objects, else a
// DNS-1123 subdomain.
std::string name_problem(std::string_view kind, std::string_view name);

// `s` as written when it is a plain word (letters, digits, '-', '.', '_', ':'), else quoted with
// control characters escaped: kinds and names from objects files are printed through it.
std::string plain(std::string_view s);

// Whether an object of `kind` in service `s` is cluster-scoped: a built-in cluster-scoped kind,
// or a kind the service declares in allow.clusterObjects.
bool cluster_scoped(const manifest::Service& s, std::string_view kind);

}  // namespace vsctl::render
