#pragma once
// JSON values written as block-style YAML, the way kubectl prints objects: keys sorted,
// sequences of maps as "- key: value", strings quoted only where YAML would read
// them as something else. Deterministic byte for byte.
#include <string>

#include "yaml/json.h"

namespace vsctl::yaml {

std::string emit(const Json& value);
// A scalar string written so that YAML reads it back as the same string.
std::string scalar_text(const std::string& s);

}  // namespace vsctl::yaml
