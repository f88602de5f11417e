#pragma once
// Parses YAML text into located trees. Hostile input is bounded before and during the parse:
// a size cap, NUL bytes and invalid UTF-8 refused with their position, nesting depth, node
// count and document count capped, cyclic aliases and merge keys (`<<`) refused, duplicate
// keys reported. Never throws.
#include <memory>
#include <string_view>
#include <vector>

#include "util/diagnostic.h"
#include "yaml/node.h"

namespace vsctl::yaml {

struct Limits {
  std::size_t max_bytes = 8u << 20;      // 8 MiB
  int max_depth = 100;                   // nesting of maps and lists
  std::size_t max_nodes = 4'000'000;     // nodes in the whole text
  std::size_t max_documents = 10'000;    // `---` separated documents
};

struct Parsed {
  std::shared_ptr<Arena> arena;
  std::vector<const Node*> documents;  // empty documents are skipped
  util::Diagnostics diags;             // every problem found
  bool fatal = false;                  // the text could not be parsed: no documents
  bool ok() const { return !diags.has_errors(); }
};

Parsed parse(std::string_view source_name, std::string_view text, const Limits& limits = {});

}  // namespace vsctl::yaml
