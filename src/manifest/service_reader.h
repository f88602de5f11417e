#pragma once
// Reads one service's (merged) YAML map into a Service, reporting every problem.
#include "manifest/model.h"
#include "manifest/reader.h"

namespace vsctl::manifest {

// The fields a service (and spec.defaults, and an environment's service override) may have.
std::span<const std::string> service_field_names();

// The one check of an image and its version, for a service, its hooks and a rollout's analysis
// Jobs: an image reference (no spaces or control characters, not starting with '-', ':' or '/');
// a version that is not empty (an empty one satisfies every range and renders an untagged image,
// "latest") and, unless the image carries its own tag or digest, a valid image tag. `what` is
// the field path of the map that holds them ("services.web.hooks.preUpdate").
void check_image_version(Reader& r, const yaml::Node* image_node, const std::string& image, const yaml::Node* version_node,
                         const std::string& version, const std::string& what);

Service read_service(Reader& r, const std::string& name, const yaml::Node& node, const yaml::Node& name_node);

}  // namespace vsctl::manifest
