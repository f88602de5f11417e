#include "k8s/json.h"

namespace vsctl::k8s {

namespace {

util::Result<Json> parse(std::string_view source, std::string_view text, const Json::parser_callback_t& keep) {
  // nlohmann throws on bad input; this adapter is where that stops.
  try {
    return Json::parse(text.begin(), text.end(), keep);
  } catch (const Json::parse_error& e) {
    return util::fail(util::ErrorKind::Invalid, std::string(source) + ": invalid JSON at byte " +
                                                    std::to_string(e.byte) + ": " + e.what());
  } catch (const std::exception& e) {
    return util::fail(util::ErrorKind::Invalid, std::string(source) + ": invalid JSON: " + e.what());
  }
}

}  // namespace

util::Result<Json> parse_json(std::string_view source, std::string_view text) { return parse(source, text, nullptr); }

util::Result<Json> parse_list_without_managed_fields(std::string_view source, std::string_view text) {
  // The parser reports each key with the depth of the object holding it: a list's own keys at 1,
  // an item's at 3, an item's metadata's at 4. Only items[*].metadata.managedFields is dropped; a
  // ConfigMap key or an annotation that happens to be called managedFields is data and stays.
  std::string keys[4];
  return parse(source, text, [&keys](int depth, Json::parse_event_t event, Json& parsed) {
    if (event != Json::parse_event_t::key || !parsed.is_string()) return true;
    const auto& key = parsed.get_ref<const std::string&>();
    if (depth == 4 && key == "managedFields" && keys[1] == "items" && keys[3] == "metadata") return false;
    if (depth >= 1 && depth <= 3) keys[depth] = key;
    return true;
  });
}

const Json* find(const Json& j, std::string_view pointer) {
  const Json* cur = &j;
  std::size_t pos = 0;
  if (pointer.empty()) return cur;
  if (pointer[0] != '/') return nullptr;
  pos = 1;
  while (true) {
    auto next = pointer.find('/', pos);
    std::string token(pointer.substr(pos, next == std::string_view::npos ? std::string_view::npos
                                                                         : next - pos));
    // Unescape ~1 -> / and ~0 -> ~.
    std::string key;
    for (std::size_t i = 0; i < token.size(); ++i) {
      if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
        key += token[i + 1] == '1' ? '/' : '~';
        ++i;
      } else {
        key += token[i];
      }
    }
    if (cur->is_object()) {
      auto it = cur->find(key);
      if (it == cur->end()) return nullptr;
      cur = &*it;
    } else if (cur->is_array()) {
      if (key.empty() || key.find_first_not_of("0123456789") != std::string::npos) return nullptr;
      auto index = std::stoull(key);
      if (index >= cur->size()) return nullptr;
      cur = &(*cur)[index];
    } else {
      return nullptr;
    }
    if (next == std::string_view::npos) return cur;
    pos = next + 1;
  }
}

std::string string_at(const Json& j, std::string_view pointer) {
  const Json* v = find(j, pointer);
  return v && v->is_string() ? v->get<std::string>() : std::string();
}

std::optional<std::int64_t> int_at(const Json& j, std::string_view pointer) {
  const Json* v = find(j, pointer);
  if (!v || !v->is_number_integer()) return std::nullopt;
  return v->get<std::int64_t>();
}

std::string pointer_token(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

std::string dump(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace vsctl::k8s
