#include "util/diagnostic.h"

#include <algorithm>
#include <tuple>

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

std::string format(const Diagnostic& d, std::string_view text) {
  std::string out = d.loc.source;
  if (d.loc.line > 0) {
    out += ':' + std::to_string(d.loc.line);
    if (d.loc.col > 0) out += ':' + std::to_string(d.loc.col);
  }
  out += d.severity == Severity::Error ? ": error: " : ": warning: ";
  out += d.message;
  out += '\n';
  std::string_view l = line_of(text, d.loc.line);
  if (!l.empty()) {
    // Tabs are kept so the caret lines up in a terminal; other bytes become spaces.
    out += "  ";
    out.append(l);
    out += "\n  ";
    for (int i = 1; i < d.loc.col && static_cast<std::size_t>(i - 1) < l.size(); ++i) {
      out += l[static_cast<std::size_t>(i - 1)] == '\t' ? '\t' : ' ';
    }
    out += "^\n";
  }
  return out;
}

}  // namespace vsctl::util
