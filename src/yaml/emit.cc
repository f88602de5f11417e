#include "yaml/emit.h"

#include <cctype>
#include <cstring>

namespace vsctl::yaml {

namespace {

bool reserved_word(const std::string& s) {
  // Words YAML 1.2 core or YAML 1.1 readers take for null or booleans.
  static const char* kWords[] = {"null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE",
                                 "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
                                 "on", "On", "ON", "off", "Off", "OFF"};
  if (s.size() > 5) return false;
  for (const char* w : kWords)
    if (s == w) return true;
  return false;
}

bool needs_quotes(const std::string& s) {
  if (s.empty()) return true;
  unsigned char first = static_cast<unsigned char>(s.front());
  if (std::isdigit(first) || first == '.' || first == '+' || first == '~') {
    // might read back as a number (or null)
    Node probe;
    probe.kind = Kind::Scalar;
    probe.value = s;
    if (!resolve_scalar(probe).is_string()) return true;
  }
  if (std::strchr("-?:,[]{}#&*!|>'\"%@` \t", static_cast<char>(first))) return true;
  if (reserved_word(s)) return true;
  if (s.back() == ' ' || s.back() == '\t' || s.back() == ':') return true;
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7f) return true;
    if (c == ':' && i + 1 < s.size() && (s[i + 1] == ' ' || s[i + 1] == '\t')) return true;
    if (c == '#' && i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t')) return true;
  }
  return false;
}

void emit_value(const Json& v, int indent, std::string& out);

void pad(int n, std::string& out) { out.append(static_cast<std::size_t>(n), ' '); }

bool is_block(const Json& v) { return (v.is_object() || v.is_array()) && !v.empty(); }

void emit_scalar(const Json& v, std::string& out) {
  if (v.is_string()) {
    out += scalar_text(v.get_ref<const std::string&>());
  } else if (v.is_object()) {
    out += "{}";
  } else if (v.is_array()) {
    out += "[]";
  } else {
    out += v.dump();
  }
}

void emit_map(const Json& v, int indent, bool first_inline, std::string& out) {
  bool first = true;
  for (auto it = v.begin(); it != v.end(); ++it) {
    if (!(first && first_inline)) pad(indent, out);
    first = false;
    out += scalar_text(it.key());
    out += ':';
    if (is_block(*it)) {
      out += '\n';
      // sequences under a key sit at the key's indentation, as kubectl prints them
      emit_value(*it, it->is_array() ? indent : indent + 2, out);
    } else {
      out += ' ';
      emit_scalar(*it, out);
      out += '\n';
    }
  }
}

void emit_seq(const Json& v, int indent, std::string& out) {
  for (const auto& item : v) {
    pad(indent, out);
    out += "- ";
    if (item.is_object() && !item.empty()) {
      emit_map(item, indent + 2, true, out);
    } else if (item.is_array() && !item.empty()) {
      out += '\n';
      emit_seq(item, indent + 2, out);
    } else {
      emit_scalar(item, out);
      out += '\n';
    }
  }
}

void emit_value(const Json& v, int indent, std::string& out) {
  if (v.is_object() && !v.empty()) {
    emit_map(v, indent, false, out);
  } else if (v.is_array() && !v.empty()) {
    emit_seq(v, indent, out);
  } else {
    pad(indent, out);
    emit_scalar(v, out);
    out += '\n';
  }
}

}  // namespace

std::string scalar_text(const std::string& s) {
  if (!needs_quotes(s)) return s;
  return Json(s).dump(-1, ' ', false, Json::error_handler_t::replace);  // a JSON string is a YAML double-quoted scalar
}

std::string emit(const Json& value) {
  std::string out;
  emit_value(value, 0, out);
  return out;
}

}  // namespace vsctl::yaml
