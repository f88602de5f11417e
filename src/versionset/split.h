#pragma once
// Cuts a manifest's text into the part before its services, one chunk per service and the part
// after, without parsing it, so a history of VersionSets re-parses only the services that
// changed. Only block-style text whose structure is certain is split; anything else (flow
// style, tabs, several documents, odd indentation) is left to a whole parse.
#include <optional>
#include <string_view>
#include <vector>

namespace vsctl::versionset {

struct ServiceChunk {
  std::string_view name;
  std::string_view text;  // from the service's key line to the next one's (comments included)
};

struct ManifestSplit {
  std::string_view head;  // up to the first service: apiVersion, metadata, spec.defaults, `services:`
  std::vector<ServiceChunk> services;  // in document order
  std::string_view tail;  // after the last service: spec.environments and the rest
};

// The split, or nullopt when the structure is not certain. head + chunks + tail == text.
std::optional<ManifestSplit> split_services(std::string_view text);

// True when every line of `text` closes what it opens (quotes, flow collections) and no
// anchor or alias appears, so `text` means the same wherever it is put. Conservative: false
// only costs a whole parse.
bool self_contained(std::string_view text);

}  // namespace vsctl::versionset
