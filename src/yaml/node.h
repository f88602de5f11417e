#pragma once
// A YAML tree that remembers where every node came from (1-based line and column) and keeps
// scalars as written, so `version: 1.10` stays the text "1.10". Nodes live in an Arena and are
// shared, never copied: an alias is a second pointer to its anchor's node, so alias bombs cost
// nothing until something walks them (walkers take a budget).
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vsctl::yaml {

enum class Kind { Null, Scalar, Sequence, Map };

struct Node {
  Kind kind = Kind::Null;
  int line = 0;
  int col = 0;
  bool plain = true;   // a plain (unquoted, untagged) scalar: subject to type resolution
  std::string value;   // scalar text
  std::string tag;     // explicit tag ("tag:yaml.org,2002:str"), empty when none
  std::vector<const Node*> items;                           // Sequence
  std::vector<std::pair<const Node*, const Node*>> entries;  // Map, in document order

  bool is_null() const { return kind == Kind::Null; }
  bool is_scalar() const { return kind == Kind::Scalar; }
  bool is_seq() const { return kind == Kind::Sequence; }
  bool is_map() const { return kind == Kind::Map; }
  // The value of key `k` in a map, or nullptr.
  const Node* get(std::string_view k) const;
  // The key node of key `k` in a map, or nullptr.
  const Node* key_node(std::string_view k) const;
  // A plain scalar that YAML resolves to null (`~`, `null`, empty) counts as null too.
  bool resolves_null() const;
};

class Arena {
 public:
  Node* make(Kind kind, int line, int col) {
    Node& n = nodes_.emplace_back();
    n.kind = kind;
    n.line = line;
    n.col = col;
    return &n;
  }
  std::size_t size() const { return nodes_.size(); }

 private:
  std::deque<Node> nodes_;
};

const char* kind_name(Kind k);
// What a node is, for messages: "a map", "a list", "the string \"x\"", "null".
std::string describe(const Node& n);

}  // namespace vsctl::yaml
