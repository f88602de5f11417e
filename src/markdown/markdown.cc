#include "markdown/markdown.h"

#include <algorithm>

namespace vsctl::markdown {

namespace {

// Characters that are syntax anywhere in a line: emphasis, code, links, HTML, entities,
// strikethrough, table cells, escapes themselves.
bool always_escaped(char c) {
  switch (c) {
    case '\\':
    case '`':
    case '*':
    case '_':
    case '[':
    case ']':
    case '<':
    case '&':
    case '~':
    case '|':
      return true;
    default:
      return false;
  }
}

// Characters that are syntax at the start of a line: headings, quotes, lists, rules.
bool escaped_first(char c) {
  return c == '#' || c == '>' || c == '-' || c == '+' || c == '=';
}

std::size_t longest_backtick_run(std::string_view s) {
  std::size_t longest = 0, run = 0;
  for (char c : s) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return longest;
}

std::string thousands(std::size_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string escape_line(std::string_view line) {
  std::string out;
  out.reserve(line.size() + 8);
  // "1. " or "1) " would start an ordered list ("1.2" would not)
  std::size_t digits = 0;
  while (digits < line.size() && line[digits] >= '0' && line[digits] <= '9') ++digits;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (always_escaped(c) || (i == 0 && escaped_first(c)) ||
        (digits > 0 && i == digits && (c == '.' || c == ')') && (i + 1 == line.size() || line[i + 1] == ' ')))
      out += '\\';
    out += c;
  }
  return out;
}

std::vector<std::string_view> lines_of(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '\n') {
      std::string_view l = s.substr(start, i - start);
      if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
      out.push_back(l);
      start = i + 1;
    }
  }
  return out;
}

}  // namespace

std::string text(std::string_view s) {
  std::string out;
  for (auto l : lines_of(s)) out += (out.empty() ? "" : " ") + escape_line(l);
  return out;
}

std::string cell(std::string_view s) {
  std::string out;
  bool first = true;
  for (auto l : lines_of(s)) {
    out += (first ? "" : "<br>") + escape_line(l);
    first = false;
  }
  return out;
}

std::string html(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case '\n':
        out += ' ';
        break;
      case '\r':
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string code(std::string_view s) {
  std::string flat;
  for (char c : s) flat += c == '\n' || c == '\r' ? ' ' : c;
  std::string ticks(longest_backtick_run(flat) + 1, '`');
  bool pad = !flat.empty() && (flat.front() == '`' || flat.back() == '`');
  return ticks + (pad ? " " : "") + flat + (pad ? " " : "") + ticks;
}

std::string code_cell(std::string_view s) {
  std::string out;
  for (char c : code(s)) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

std::string fence_for(std::string_view content) {
  return std::string(std::max<std::size_t>(3, longest_backtick_run(content) + 1), '`');
}

std::string code_block(std::string_view content, std::string_view lang) {
  std::string f = fence_for(content);
  std::string out = f + std::string(lang) + "\n" + std::string(content);
  if (!content.empty() && content.back() != '\n') out += "\n";
  return out + f + "\n";
}

std::string table_of_cells(const std::vector<std::string>& header,
                           const std::vector<std::vector<std::string>>& rows) {
  auto row = [&](const std::vector<std::string>& cells) {
    std::string out = "|";
    for (std::size_t i = 0; i < header.size(); ++i) out += " " + (i < cells.size() ? cells[i] : "") + " |";
    return out + "\n";
  };
  std::string out = row(header) + "|";
  for (std::size_t i = 0; i < header.size(); ++i) out += " --- |";
  out += "\n";
  for (const auto& r : rows) out += row(r);
  return out;
}

std::string table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
  auto escaped = [](const std::vector<std::string>& r) {
    std::vector<std::string> out;
    for (const auto& c : r) out.push_back(cell(c));
    return out;
  };
  std::vector<std::vector<std::string>> cells;
  for (const auto& r : rows) cells.push_back(escaped(r));
  return table_of_cells(escaped(header), cells);
}

std::string details(std::string_view summary, std::string_view body, bool open) {
  std::string out = std::string("<details") + (open ? " open" : "") + "><summary>" + std::string(summary) +
                    "</summary>\n\n" + std::string(body);
  if (!body.empty() && body.back() != '\n') out += "\n";
  return out + "\n</details>\n\n";
}

std::string render(const Document& d, const Cap& cap) {
  std::size_t total = d.top.size();
  for (const auto& s : d.sections) total += s.size();
  if (total <= cap.limit) {
    std::string out = d.top;
    for (const auto& s : d.sections) out += s;
    return out;
  }
  auto note = [&](std::size_t left_out, bool top_cut) {
    return "\n**Cut to fit " + thousands(cap.limit) + " characters:** " +
           (top_cut ? std::string("the summary is cut and ") : std::string()) + thousands(left_out) + " of " +
           thousands(d.sections.size()) + " " + cap.noun + " are not shown" +
           (cap.full.empty() ? "" : "; " + cap.full + " shows them all") + ".\n";
  };
  // the longest note there can be: every section left out, the summary cut
  std::size_t longest = note(d.sections.size(), true).size();
  std::size_t budget = cap.limit > longest ? cap.limit - longest : 0;
  std::string out;
  bool top_cut = false;
  if (d.top.size() <= budget) {
    out = d.top;
  } else {
    std::size_t at = d.top.rfind('\n', budget == 0 ? 0 : budget - 1);
    out = at == std::string::npos ? std::string() : d.top.substr(0, at + 1);
    top_cut = true;
  }
  std::size_t shown = 0;
  if (!top_cut)
    while (shown < d.sections.size() && out.size() + d.sections[shown].size() <= budget)
      out += d.sections[shown++];
  return out + note(d.sections.size() - shown, top_cut);
}

}  // namespace vsctl::markdown
