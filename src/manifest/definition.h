#pragma once
// A service's definition as canonical JSON (the manifest's field names, defaults and the
// environment already merged, objects files included), and its digest. The digest changes
// exactly when the definition does: it is what the cluster's objects carry.
#include <string>

#include "manifest/model.h"

namespace vsctl::manifest {

Json definition(const Service& s);
// The first 16 hex digits of sha256 over the canonical JSON of definition(s).
std::string digest(const Service& s);

}  // namespace vsctl::manifest
