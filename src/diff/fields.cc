#include "diff/fields.h"

#include <algorithm>
#include <utility>

namespace vsctl::diff {

namespace {

bool is_leaf(const k8s::Json& node) { return !node.is_object() || node.empty(); }

k8s::Json parse_element_value(std::string_view text) {
  auto j = k8s::parse_json("field path", text);
  return j ? std::move(*j) : k8s::Json();
}

// The index of the list item that a "k:", "v:" or "i:" element names.
std::optional<std::size_t> find_item(const k8s::Json& list, const std::string& elem) {
  if (!list.is_array() || elem.size() < 2 || elem[1] != ':') return std::nullopt;
  std::string_view rest = std::string_view(elem).substr(2);
  switch (elem[0]) {
    case 'i': {
      std::size_t i = 0;
      for (char c : rest) {
        if (c < '0' || c > '9') return std::nullopt;
        i = i * 10 + static_cast<std::size_t>(c - '0');
        if (i > list.size()) return std::nullopt;
      }
      if (rest.empty() || i >= list.size()) return std::nullopt;
      return i;
    }
    case 'k': {
      k8s::Json key = parse_element_value(rest);
      if (!key.is_object()) return std::nullopt;
      for (std::size_t i = 0; i < list.size(); ++i) {
        const auto& item = list[i];
        if (!item.is_object()) continue;
        bool match = true;
        for (const auto& [k, v] : key.items()) {
          auto it = item.find(k);
          if (it == item.end() || *it != v) {
            match = false;
            break;
          }
        }
        if (match) return i;
      }
      return std::nullopt;
    }
    case 'v': {
      k8s::Json v = parse_element_value(rest);
      for (std::size_t i = 0; i < list.size(); ++i)
        if (list[i] == v) return i;
      return std::nullopt;
    }
    default:
      return std::nullopt;
  }
}

bool is_field(const std::string& elem) { return elem.size() >= 2 && elem[0] == 'f' && elem[1] == ':'; }

// The child of `node` named by `elem`, comparing "k:" and "v:" elements as JSON values so that
// the order of key fields does not matter.
const k8s::Json* child(const k8s::Json& node, const std::string& elem) {
  if (!node.is_object()) return nullptr;
  if (auto it = node.find(elem); it != node.end()) return &*it;
  if (elem.size() < 2 || (elem[0] != 'k' && elem[0] != 'v') || elem[1] != ':') return nullptr;
  k8s::Json want = parse_element_value(std::string_view(elem).substr(2));
  for (const auto& [k, v] : node.items()) {
    if (k.size() < 2 || k[0] != elem[0] || k[1] != ':') continue;
    if (parse_element_value(std::string_view(k).substr(2)) == want) return &v;
  }
  return nullptr;
}

void merge_into(k8s::Json& into, const k8s::Json& from) {
  if (!from.is_object()) return;
  if (!into.is_object()) into = k8s::Json::object();
  for (const auto& [k, v] : from.items()) merge_into(into[k], v);
}

void collect(const k8s::Json& node, std::vector<std::string>& path, std::vector<std::vector<std::string>>& out,
             bool leaves_only) {
  for (const auto& [k, sub] : node.items()) {
    if (k == ".") {
      if (!path.empty() && !leaves_only) out.push_back(path);
      continue;
    }
    path.push_back(k);
    if (is_leaf(sub)) {
      out.push_back(path);
    } else {
      collect(sub, path, out, leaves_only);
    }
    path.pop_back();
  }
}

std::string escape_pointer(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string scalar_text(const k8s::Json& v) { return v.is_string() ? v.get<std::string>() : k8s::dump(v); }

}  // namespace

std::vector<ManagedEntry> managed_fields(const k8s::Json& object) {
  std::vector<ManagedEntry> out;
  const k8s::Json* mf = k8s::find(object, "/metadata/managedFields");
  if (!mf || !mf->is_array()) return out;
  for (const auto& e : *mf) {
    if (!e.is_object()) continue;
    ManagedEntry m;
    m.manager = k8s::string_at(e, "/manager");
    m.operation = k8s::string_at(e, "/operation");
    m.subresource = k8s::string_at(e, "/subresource");
    if (const auto* f = k8s::find(e, "/fieldsV1"); f && f->is_object()) m.fields = *f;
    else m.fields = k8s::Json::object();
    out.push_back(std::move(m));
  }
  return out;
}

k8s::Json union_of(const std::vector<const k8s::Json*>& trees) {
  k8s::Json out = k8s::Json::object();
  for (const auto* t : trees)
    if (t) merge_into(out, *t);
  return out;
}

k8s::Json project(const k8s::Json& value, const k8s::Json& fields) {
  if (is_leaf(fields)) return value;
  if (value.is_object()) {
    k8s::Json out = k8s::Json::object();
    for (const auto& [k, sub] : fields.items()) {
      if (!is_field(k)) continue;
      auto it = value.find(k.substr(2));
      if (it != value.end()) out[k.substr(2)] = project(*it, sub);
    }
    return out;
  }
  if (value.is_array()) {
    std::vector<std::pair<std::size_t, k8s::Json>> items;
    for (const auto& [k, sub] : fields.items()) {
      if (k == "." || is_field(k)) continue;
      if (auto i = find_item(value, k)) items.emplace_back(*i, project(value[*i], sub));
    }
    std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    k8s::Json out = k8s::Json::array();
    for (auto& [i, v] : items) out.push_back(std::move(v));
    return out;
  }
  return value;
}

std::vector<std::vector<std::string>> owned_paths(const k8s::Json& fields) {
  std::vector<std::vector<std::string>> out;
  std::vector<std::string> path;
  if (fields.is_object()) collect(fields, path, out, false);
  return out;
}

std::vector<std::vector<std::string>> leaf_paths(const k8s::Json& fields) {
  std::vector<std::vector<std::string>> out;
  std::vector<std::string> path;
  if (fields.is_object()) collect(fields, path, out, true);
  return out;
}

bool touches(const k8s::Json& fields, const std::vector<std::string>& path) {
  const k8s::Json* node = &fields;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (i > 0 && is_leaf(*node)) return true;  // an ancestor owned whole
    node = child(*node, path[i]);
    if (!node) return false;
  }
  return true;
}

std::optional<std::string> pointer_of(const k8s::Json& object, const std::vector<std::string>& path) {
  const k8s::Json* v = &object;
  std::string out;
  for (const auto& elem : path) {
    if (is_field(elem)) {
      if (!v->is_object()) return std::nullopt;
      auto it = v->find(elem.substr(2));
      if (it == v->end()) return std::nullopt;
      out += "/" + escape_pointer(elem.substr(2));
      v = &*it;
    } else {
      auto i = find_item(*v, elem);
      if (!i) return std::nullopt;
      out += "/" + std::to_string(*i);
      v = &(*v)[*i];
    }
  }
  return out;
}

std::string dotted(const std::vector<std::string>& path) {
  std::string out;
  for (const auto& elem : path) {
    if (is_field(elem)) {
      out += "." + elem.substr(2);
      continue;
    }
    std::string_view rest = elem.size() >= 2 ? std::string_view(elem).substr(2) : std::string_view();
    if (elem.rfind("k:", 0) == 0) {
      k8s::Json key = parse_element_value(rest);
      std::string inner;
      if (key.is_object()) {
        for (const auto& [k, v] : key.items()) inner += (inner.empty() ? "" : ",") + k + "=" + scalar_text(v);
      }
      out += "[" + inner + "]";
    } else if (elem.rfind("v:", 0) == 0) {
      out += "[=" + scalar_text(parse_element_value(rest)) + "]";
    } else if (elem.rfind("i:", 0) == 0) {
      out += "[" + std::string(rest) + "]";
    } else {
      out += "[" + elem + "]";
    }
  }
  return out;
}

}  // namespace vsctl::diff
