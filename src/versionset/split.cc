#include "versionset/split.h"

#include <cstring>

namespace vsctl::versionset {

namespace {

struct Line {
  std::size_t begin = 0, end = 0;  // [begin, end) without the newline
  std::size_t next = 0;            // the start of the next line
  std::size_t indent = 0;
  bool significant = false;  // neither blank nor a comment
  bool tab_indent = false;
};

Line line_at(std::string_view text, std::size_t pos) {
  Line l;
  l.begin = pos;
  const void* nl = std::memchr(text.data() + pos, '\n', text.size() - pos);
  l.end = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - text.data()) : text.size();
  l.next = nl ? l.end + 1 : text.size();
  std::size_t i = pos;
  while (i < l.end && (text[i] == ' ' || text[i] == '\t')) {
    if (text[i] == '\t') l.tab_indent = true;
    ++i;
  }
  l.indent = i - pos;
  l.significant = i < l.end && text[i] != '#' && text[i] != '\r';
  return l;
}

bool key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

// The key of a `key:` line (at the line's indentation), or empty when the line is not one.
// `block` is set when nothing but a comment follows the colon.
std::string_view key_of(std::string_view text, const Line& l, bool& block) {
  std::size_t i = l.begin + l.indent;
  std::size_t start = i;
  while (i < l.end && key_char(text[i])) ++i;
  if (i == start || i >= l.end || text[i] != ':') return {};
  std::string_view key = text.substr(start, i - start);
  ++i;
  if (i < l.end && text[i] != ' ' && text[i] != '\r') return {};
  while (i < l.end && (text[i] == ' ' || text[i] == '\r')) ++i;
  block = i == l.end || text[i] == '#';
  return key;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

bool line_self_contained(std::string_view line) {
  bool at_start = true, in_dq = false, in_sq = false;
  int depth = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (in_dq) {
      if (c == '\\') ++i;
      else if (c == '"') in_dq = false;
      continue;
    }
    if (in_sq) {
      if (c == '\'') {
        if (i + 1 < line.size() && line[i + 1] == '\'') ++i;
        else in_sq = false;
      }
      continue;
    }
    if (c == '#' && (i == 0 || is_space(line[i - 1]))) break;
    if (at_start) {
      if (is_space(c)) continue;
      if (c == '"') { in_dq = true; at_start = false; continue; }
      if (c == '\'') { in_sq = true; at_start = false; continue; }
      if (c == '&' || c == '*') return false;  // anchors and aliases reach across chunks
      if (c == '{' || c == '[') { ++depth; continue; }
      if ((c == '-' || c == '?') && (i + 1 == line.size() || is_space(line[i + 1]))) continue;
      if (c == '%' || c == '@' || c == '`') return false;
      at_start = false;
    }
    if (depth > 0 && (c == '}' || c == ']')) {
      --depth;
      continue;
    }
    if (depth > 0 && c == ',') {
      at_start = true;
      continue;
    }
    if (c == ':' && (i + 1 == line.size() || is_space(line[i + 1]) || depth > 0)) at_start = true;
  }
  return !in_dq && !in_sq && depth == 0;
}

}  // namespace

bool self_contained(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const void* nl = std::memchr(text.data() + pos, '\n', text.size() - pos);
    std::size_t end = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - text.data()) : text.size();
    if (!line_self_contained(text.substr(pos, end - pos))) return false;
    pos = nl ? end + 1 : text.size();
  }
  return true;
}

std::optional<ManifestSplit> split_services(std::string_view text) {
  enum class State { Top, Spec, Services, Done };
  State state = State::Top;
  std::size_t spec_indent = 0, svc_indent = 0;
  bool seen_top_key = false;
  std::size_t services_body = std::string_view::npos;  // first byte after the `services:` line
  std::size_t tail_begin = text.size();
  ManifestSplit out;
  std::size_t chunk_begin = std::string_view::npos;
  std::string_view chunk_name;

  for (std::size_t pos = 0; pos < text.size();) {
    Line l = line_at(text, pos);
    pos = l.next;
    if (l.tab_indent) return std::nullopt;
    if (!l.significant) continue;
    if (l.indent == 0 && l.end - l.begin >= 3) {
      std::string_view start = text.substr(l.begin, 3);
      if (start == "---" && !seen_top_key) continue;  // the optional document start
      if (start == "---" || start == "...") return std::nullopt;
    }
    if (l.indent == 0 && text[l.begin] == '%') return std::nullopt;
    bool block = false;
    switch (state) {
      case State::Top: {
        if (l.indent != 0) continue;  // inside another top-level key
        std::string_view key = key_of(text, l, block);
        if (key.empty()) return std::nullopt;
        seen_top_key = true;
        if (key == "spec") {
          if (!block) return std::nullopt;
          state = State::Spec;
          spec_indent = 0;
        }
        break;
      }
      case State::Spec: {
        if (l.indent == 0) return std::nullopt;  // spec without services
        if (spec_indent == 0) spec_indent = l.indent;
        if (l.indent < spec_indent) return std::nullopt;
        if (l.indent > spec_indent) continue;
        std::string_view key = key_of(text, l, block);
        if (key.empty()) return std::nullopt;
        if (key == "services") {
          if (!block) return std::nullopt;
          state = State::Services;
          services_body = l.next;
        }
        break;
      }
      case State::Services: {
        if (svc_indent == 0) {
          if (l.indent <= spec_indent) return std::nullopt;  // an empty services block
          svc_indent = l.indent;
        }
        if (l.indent > svc_indent) continue;
        if (l.indent < svc_indent) {
          if (l.indent > spec_indent) return std::nullopt;
          tail_begin = l.begin;
          state = State::Done;
          break;
        }
        std::string_view key = key_of(text, l, block);
        if (key.empty()) return std::nullopt;
        if (chunk_begin != std::string_view::npos)
          out.services.push_back({chunk_name, text.substr(chunk_begin, l.begin - chunk_begin)});
        chunk_begin = l.begin;
        chunk_name = key;
        break;
      }
      case State::Done:
        if (l.indent == 0) {
          if (key_of(text, l, block).empty()) return std::nullopt;
        } else if (l.indent < spec_indent) {
          return std::nullopt;
        }
        break;
    }
    if (state == State::Done) continue;
  }
  if (chunk_begin == std::string_view::npos) return std::nullopt;
  out.services.push_back({chunk_name, text.substr(chunk_begin, tail_begin - chunk_begin)});
  auto head_end = static_cast<std::size_t>(out.services.front().text.data() - text.data());
  if (services_body == std::string_view::npos || head_end < services_body) return std::nullopt;
  out.head = text.substr(0, head_end);
  out.tail = text.substr(tail_begin);
  return out;
}

}  // namespace vsctl::versionset
