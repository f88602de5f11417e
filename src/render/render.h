#pragma once
// The Kubernetes objects a view of the manifest becomes. Pure and deterministic: the same view
// renders the same bytes. A change to one service changes only that service's objects, and only
// what must roll pods touches the pod template.
#include <string>
#include <string_view>
#include <vector>

#include "k8s/object_key.h"
#include "manifest/model.h"

namespace vsctl::render {

using Json = nlohmann::json;

struct Options {
  int progress_deadline_s = 300;  // apply --timeout; the Deployment's progressDeadlineSeconds
};

struct Object {
  std::string service;  // empty for objects of the architecture itself (its Namespace)
  k8s::ObjectKey key;
  Json body;
};

struct Rendered {
  std::vector<Object> objects;  // Namespace first, then by service, kind order, name
  // patches that match nothing; objects whose identity or ownership is broken (render/identity.h),
  // pointing at the patch or objects-file document that broke it; objects that collide
  util::Diagnostics diags;
};

Rendered render(const manifest::Architecture& a, const Options& opts = {});

// render() in parts, for checking views that differ from one already rendered in a few services.

// The view's Namespace, first of its objects.
Object namespace_object(const manifest::Architecture& a);

// Where a rendered object's key comes from: the patch that last renamed it, its objects-file
// document, or its service; and what that place is called in messages ("services.web.patches: ").
struct KeyOrigin {
  util::SourceLoc loc;
  std::string subject;
  bool from_patch = false;
};

// The objects of service `s` of `a` (in kind order, then by key) appended to `objects`, where
// each key comes from to `origins`, and the problems of the service's objects and patches to
// `diags`: everything render() says of one service but collisions.
void render_service(const manifest::Architecture& a, const manifest::Service& s, const Options& opts,
                    std::vector<Object>& objects, std::vector<KeyOrigin>& origins, util::Diagnostics& diags);

// One rendered object, as the collision check sees it: views of strings kept elsewhere.
struct Placed {
  std::string_view kind, ns, name;
  std::string_view service;  // empty for the architecture's Namespace
  const KeyOrigin* origin;
};

// Objects with the same kind, namespace and name, in the order render() gives them (Namespace
// first, then by service): each one after the first is an error at where its key comes from.
void check_collisions(const std::vector<Placed>& placed, util::Diagnostics& diags);

// The labels every object of service `s` carries.
Json labels_for(const manifest::Architecture& a, const manifest::Service& s);
// The selector of a service's pods (never includes the version: selectors are immutable).
Json selector_for(const manifest::Architecture& a, const manifest::Service& s);

// A hook of a service as a Job named "<service>-<phase>-<suffix>" (suffix: a short digest that
// makes each run's Job unique per definition).
Json hook_job(const manifest::Architecture& a, const manifest::Service& s, const manifest::Hook& h,
              std::string_view phase);

// `v` made a valid label value: at most 63 of [A-Za-z0-9-_.], starting and ending alphanumeric.
std::string label_value(std::string_view v);

}  // namespace vsctl::render
