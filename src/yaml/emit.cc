#include "yaml/emit.h"

#include <cctype>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace vsctl::yaml {

namespace {

bool reserved_word(std::string_view s) {
  // Words YAML 1.2 core or YAML 1.1 readers take for null or booleans.
  if (s.empty() || s.size() > 5 || !std::strchr("nNtTfFyYoO", s.front())) return false;
  static constexpr std::string_view kWords[] = {"null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE",
                                                "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
                                                "on", "On", "ON", "off", "Off", "OFF"};
  for (std::string_view w : kWords)
    if (s == w) return true;
  return false;
}

bool needs_quotes(std::string_view s) {
  if (s.empty()) return true;
  unsigned char first = static_cast<unsigned char>(s.front());
  if (std::isdigit(first) || first == '.' || first == '+' || first == '~') {
    // might read back as a number (or null)
    Node probe;
    probe.kind = Kind::Scalar;
    probe.value = std::string(s);
    if (!resolve_scalar(probe).is_string()) return true;
  }
  if (std::strchr("-?:,[]{}#&*!|>'\"%@` \t", static_cast<char>(first))) return true;
  if (reserved_word(s)) return true;
  if (s.back() == ' ' || s.back() == '\t' || s.back() == ':') return true;
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c > ':' && c != 0x7f) continue;  // most characters: none of the cases below
    if (c < 0x20 || c == 0x7f) return true;
    if (c == ':' && i + 1 < s.size() && (s[i + 1] == ' ' || s[i + 1] == '\t')) return true;
    if (c == '#' && i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t')) return true;
  }
  return false;
}

// The scalar written straight into `out`: plain where YAML reads it back as the same string,
// else double-quoted (a JSON string is a YAML double-quoted scalar).
void append_scalar(const std::string& s, std::string& out) {
  if (!needs_quotes(s)) {
    out += s;
    return;
  }
  out += Json(s).dump(-1, ' ', false, Json::error_handler_t::replace);
}

template <typename Int>
void append_int(Int n, std::string& out) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, end);
}

void emit_value(const Json& v, int indent, std::string& out);

void pad(int n, std::string& out) { out.append(static_cast<std::size_t>(n), ' '); }

bool is_block(const Json& v) { return (v.is_object() || v.is_array()) && !v.empty(); }

void emit_scalar(const Json& v, std::string& out) {
  if (v.is_string()) {
    append_scalar(v.get_ref<const std::string&>(), out);
  } else if (v.is_number_integer() && !v.is_number_unsigned()) {
    append_int(v.get<std::int64_t>(), out);
  } else if (v.is_number_unsigned()) {
    append_int(v.get<std::uint64_t>(), out);
  } else if (v.is_boolean()) {
    out += v.get<bool>() ? "true" : "false";
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
    append_scalar(it.key(), out);
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
  std::string out;
  append_scalar(s, out);
  return out;
}

std::string emit(const Json& value) {
  std::string out;
  out.reserve(4096);
  emit_value(value, 0, out);
  return out;
}

}  // namespace vsctl::yaml
