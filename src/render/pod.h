#pragma once
// The pod template of a service: its container, probes, resources, env, volumes and placement.
#include "manifest/model.h"
#include "render/render.h"

namespace vsctl::render {

Json container_env(const std::vector<manifest::EnvVar>& env);
Json pod_template(const manifest::Architecture& a, const manifest::Service& s);

}  // namespace vsctl::render
