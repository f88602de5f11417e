#include "diff/unified.h"

#include <algorithm>

#include <dtl/dtl.hpp>

namespace vsctl::diff {

namespace {

std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    out.emplace_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

}  // namespace

std::string Hunk::header() const {
  auto range = [](std::size_t start, std::size_t count) {
    return std::to_string(count == 0 ? (start == 0 ? 0 : start - 1) : start) + "," + std::to_string(count);
  };
  return "@@ -" + range(before_start, before_count) + " +" + range(after_start, after_count) + " @@";
}

std::vector<Hunk> unified(std::string_view before, std::string_view after, std::size_t context) {
  auto a = lines_of(before);
  auto b = lines_of(after);
  if (a == b) return {};
  dtl::Diff<std::string> d(a, b);
  d.onHuge();
  d.compose();
  std::vector<Line> script;
  for (const auto& [text, info] : d.getSes().getSequence()) {
    char op = info.type == dtl::SES_ADD ? '+' : info.type == dtl::SES_DELETE ? '-' : ' ';
    script.push_back({op, text});
  }
  // Within each block of changes, removed lines before added ones, as diff -u prints them.
  for (auto it = script.begin(); it != script.end();) {
    if (it->op == ' ') {
      ++it;
      continue;
    }
    auto end = std::find_if(it, script.end(), [](const Line& l) { return l.op == ' '; });
    std::stable_partition(it, end, [](const Line& l) { return l.op == '-'; });
    it = end;
  }
  // Group changes that are at most 2*context common lines apart into one hunk.
  std::vector<Hunk> hunks;
  std::size_t i = 0, n = script.size();
  std::size_t line_a = 1, line_b = 1;  // the numbers of script[i] on each side
  std::vector<std::size_t> pos_a(n + 1), pos_b(n + 1);
  for (std::size_t k = 0; k < n; ++k) {
    pos_a[k] = line_a;
    pos_b[k] = line_b;
    if (script[k].op != '+') ++line_a;
    if (script[k].op != '-') ++line_b;
  }
  pos_a[n] = line_a;
  pos_b[n] = line_b;
  while (i < n) {
    if (script[i].op == ' ') {
      ++i;
      continue;
    }
    std::size_t first = i >= context ? i - context : 0;
    std::size_t last = i;  // last changed index in this hunk
    std::size_t k = i;
    while (k < n) {
      if (script[k].op != ' ') {
        last = k;
        ++k;
        continue;
      }
      std::size_t run = k;
      while (run < n && script[run].op == ' ') ++run;
      if (run < n && run - k <= 2 * context) {
        k = run;
        continue;
      }
      break;
    }
    std::size_t end = std::min(n, last + 1 + context);
    Hunk h;
    h.before_start = pos_a[first];
    h.after_start = pos_b[first];
    for (std::size_t j = first; j < end; ++j) {
      if (script[j].op != '+') ++h.before_count;
      if (script[j].op != '-') ++h.after_count;
      h.lines.push_back(script[j]);
    }
    hunks.push_back(std::move(h));
    i = end;
  }
  return hunks;
}

}  // namespace vsctl::diff
