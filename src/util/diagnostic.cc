#include "util/diagnostic.h"

#include <algorithm>
#include <tuple>
#include <cstdint>

#include "util/printable.h"

namespace vsctl::util {

void Diagnostics::error(SourceLoc loc, std::string code, std::string message) {
  items_.push_back({Severity::Error, std::move(loc), std::move(message), std::move(code)});
}

void Diagnostics::warning(SourceLoc loc, std::string code, std::string message) {
  items_.push_back({Severity::Warning, std::move(loc), std::move(message), std::move(code)});
}

void Diagnostics::append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

bool Diagnostics::has_errors() const { return error_count() > 0; }

std::size_t Diagnostics::error_count() const {
  return static_cast<std::size_t>(std::count_if(
      items_.begin(), items_.end(), [](const Diagnostic& d) { return d.severity == Severity::Error; }));
}

std::size_t Diagnostics::warning_count() const { return items_.size() - error_count(); }

void Diagnostics::sort_unique() {
  auto key = [](const Diagnostic& d) {
    return std::tie(d.loc.source, d.loc.line, d.loc.col, d.severity, d.message);
  };
  std::stable_sort(items_.begin(), items_.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
  items_.erase(std::unique(items_.begin(), items_.end(),
                           [&](const Diagnostic& a, const Diagnostic& b) { return key(a) == key(b); }),
               items_.end());
}

std::string_view line_of(std::string_view text, int line) {
  if (line < 1) return {};
  std::size_t start = 0;
  for (int i = 1; i < line; ++i) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) return {};
    start = nl + 1;
  }
  std::size_t end = text.find('\n', start);
  std::string_view l = text.substr(start, end == std::string_view::npos ? text.size() - start : end - start);
  if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
  return l;
}

namespace {

std::string format_with_line(const Diagnostic& d, std::string_view l);

}  // namespace

std::string format(const Diagnostic& d, std::string_view text) { return format_with_line(d, line_of(text, d.loc.line)); }

std::string format(const Diagnostic& d, const LineIndex& lines) { return format_with_line(d, lines.line(d.loc.line)); }

LineIndex::LineIndex(std::string_view text) : text_(text) {
  starts_.push_back(0);
  for (std::size_t i = text.find('\n'); i != std::string_view::npos; i = text.find('\n', i + 1)) starts_.push_back(i + 1);
}

std::string_view LineIndex::line(int line) const {
  if (line < 1 || static_cast<std::size_t>(line) > starts_.size()) return {};
  std::size_t start = starts_[static_cast<std::size_t>(line) - 1];
  if (start > text_.size()) return {};
  std::size_t end = text_.find('\n', start);
  std::string_view l = text_.substr(start, end == std::string_view::npos ? text_.size() - start : end - start);
  if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
  return l;
}

namespace {

// The length of the UTF-8 sequence at line[i] with its code point in `cp`, or 0 when the bytes
// there are not UTF-8 (a bad lead or continuation byte, an overlong form, a surrogate).
std::size_t utf8_unit(std::string_view line, std::size_t i, std::uint32_t& cp) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(line[k]); };
  unsigned char lead = byte(i);
  std::size_t len = lead < 0x80 ? 1 : (lead & 0xe0) == 0xc0 ? 2 : (lead & 0xf0) == 0xe0 ? 3 : (lead & 0xf8) == 0xf0 ? 4 : 0;
  if (len == 0 || i + len > line.size()) return 0;
  cp = len == 1 ? lead : len == 2 ? lead & 0x1fu : len == 3 ? lead & 0x0fu : lead & 0x07u;
  for (std::size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3fu);
  }
  static constexpr std::uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return len;
}

}  // namespace

std::string printable_line(std::string_view line) {
  std::string out;
  out.reserve(line.size());
  for (std::size_t i = 0; i < line.size();) {
    std::uint32_t cp = 0;
    std::size_t len = utf8_unit(line, i, cp);
    bool control = len != 0 && ((cp < 0x20 && cp != '\t') || (cp >= 0x7f && cp < 0xa0));
    if (len == 0 || control) {
      out += '?';  // one mark per bad byte or control character
      i += len == 0 ? 1 : len;
    } else {
      out.append(line.substr(i, len));
      i += len;
    }
  }
  return out;
}

int character_column(std::string_view line, int col) {
  if (col <= 1) return col;
  const std::size_t end = std::min(line.size(), static_cast<std::size_t>(col - 1));
  int chars = 1;
  for (std::size_t i = 0; i < end; ++chars) {
    std::uint32_t cp = 0;
    std::size_t len = utf8_unit(line, i, cp);
    i += len == 0 ? 1 : len;
  }
  return chars + (static_cast<std::size_t>(col - 1) > line.size() ? col - 1 - static_cast<int>(line.size()) : 0);
}

std::string caret_padding(std::string_view line, int col) {
  // `col` counts bytes (yaml-cpp's marks do); a terminal shows a character, or the '?' that
  // stands for a bad byte, in one cell. Tabs are kept so the caret lines up under them.
  std::string out;
  const std::size_t end = col > 1 ? std::min(line.size(), static_cast<std::size_t>(col - 1)) : 0;
  for (std::size_t i = 0; i < end;) {
    std::uint32_t cp = 0;
    std::size_t len = utf8_unit(line, i, cp);
    out += line[i] == '\t' ? '\t' : ' ';
    i += len == 0 ? 1 : len;
  }
  return out;
}

namespace {

// Where a window of at most kMaxEchoBytes around byte column `col` of a long line starts: on a
// character boundary, about a third of the window before the column.
std::size_t window_start(std::string_view l, int col) {
  std::size_t at = col > 1 ? std::min(l.size(), static_cast<std::size_t>(col - 1)) : 0;
  std::size_t start = at > kMaxEchoBytes / 3 ? at - kMaxEchoBytes / 3 : 0;
  while (start > 0 && start < l.size() && (static_cast<unsigned char>(l[start]) & 0xc0) == 0x80) --start;
  return start;
}

std::string format_with_line(const Diagnostic& d, std::string_view l) {
  std::string out = printable(d.loc.source);  // a path may hold any byte but '/' and NUL
  if (d.loc.line > 0) {
    out += ':' + std::to_string(d.loc.line);
    if (d.loc.col > 0) out += ':' + std::to_string(l.empty() ? d.loc.col : character_column(l, d.loc.col));
  }
  out += d.severity == Severity::Error ? ": error: " : ": warning: ";
  out += printable(d.message);  // one line per diagnostic: a newline from a path is shown as \x0a
  out += '\n';
  if (l.empty()) return out;
  int col = d.loc.col;
  std::string before, after;
  if (l.size() > kMaxEchoBytes) {
    std::size_t start = window_start(l, col);
    std::size_t end = std::min(l.size(), start + kMaxEchoBytes);
    while (end < l.size() && (static_cast<unsigned char>(l[end]) & 0xc0) == 0x80) ++end;
    if (start > 0) before = "...";
    if (end < l.size()) after = "...";
    col -= static_cast<int>(start);
    l = l.substr(start, end - start);
  }
  out += "  " + before + printable_line(l) + after + "\n  ";
  out += std::string(before.size(), ' ') + caret_padding(l, col) + "^\n";
  return out;
}

}  // namespace

std::string count_summary(const Diagnostics& diags) {
  auto plural = [](std::size_t n, const char* word) { return std::to_string(n) + " " + word + (n == 1 ? "" : "s"); };
  return plural(diags.error_count(), "error") + ", " + plural(diags.warning_count(), "warning");
}

}  // namespace vsctl::util
