#pragma once
// Kubernetes resource quantities ("100m", "1.5", "128Mi", "1e3"): parsed, compared and written
// back for people.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vsctl::k8s {

// The quantity's value in milli-units (cpu "100m" -> 100, memory "1Ki" -> 1024000), or nullopt
// when `text` is not a Kubernetes quantity or is out of range.
std::optional<long double> parse_quantity_milli(std::string_view text);

// The same, rounded up to a whole milli-unit, as the API server rounds requests (a quantity
// below 1m counts as 1m); nullopt when not a quantity, negative or beyond 2^62.
std::optional<std::int64_t> quantity_milli(std::string_view text);

// A milli-unit amount of `resource` for people: cpu in cores or millicores ("1500m", "2"),
// memory and storage in binary units ("512Mi", "1.5Gi"), anything else as a plain number.
std::string format_quantity(std::string_view resource, std::int64_t milli);

}  // namespace vsctl::k8s
