#pragma once
// The Kubernetes objects a view of the manifest becomes. Pure and deterministic: the same view
// renders the same bytes. A change to one service changes only that service's objects, and only
// what must roll pods touches the pod template.
#include <string>
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
