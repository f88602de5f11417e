#pragma once
// A service back from the definition a record stored (manifest::definition's JSON), so that a
// rollback can plan and render from the record alone, with no repository. The inverse of
// manifest::definition: definition(service_from_definition(n, definition(s))) == definition(s),
// hence the same digest. Pure.
#include <string>

#include "manifest/model.h"
#include "util/error.h"

namespace vsctl::apply {

// Error (kind Cluster: the record is what is wrong) naming the service and the field.
util::Result<manifest::Service> service_from_definition(const std::string& name, const manifest::Json& definition);

}  // namespace vsctl::apply
