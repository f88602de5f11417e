#pragma once
// Reads one service's (merged) YAML map into a Service, reporting every problem.
#include "manifest/model.h"
#include "manifest/reader.h"

namespace vsctl::manifest {

// The fields a service (and spec.defaults, and an environment's service override) may have.
std::span<const std::string> service_field_names();

Service read_service(Reader& r, const std::string& name, const yaml::Node& node, const yaml::Node& name_node);

}  // namespace vsctl::manifest
