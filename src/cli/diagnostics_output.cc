#include "cli/diagnostics_output.h"

#include <map>

#include "cli/output.h"

namespace vsctl::cli {

std::string format_text(const util::Diagnostics& diags, const manifest::SourceTexts& texts, bool color) {
  std::string out;
  std::map<std::string, util::LineIndex, std::less<>> indexes;  // built once per source
  for (const auto& d : diags.items()) {
    auto idx = indexes.find(d.loc.source);
    if (idx == indexes.end()) {
      auto it = texts.find(d.loc.source);
      idx = indexes.emplace(d.loc.source, util::LineIndex(it == texts.end() ? std::string_view() : std::string_view(it->second)))
                .first;
    }
    std::string text = util::format(d, idx->second);
    if (color) {
      const char* word = d.severity == util::Severity::Error ? ": error: " : ": warning: ";
      auto pos = text.find(word);
      if (pos != std::string::npos) {
        std::string painted = Output::paint(word + 2, d.severity == util::Severity::Error ? Color::Red : Color::Yellow, true);
        text = Output::paint(text.substr(0, pos), Color::Bold, true) + ": " + painted + text.substr(pos + std::string(word).size() - 1);
      }
    }
    out += text;
  }
  return out;
}

util::Diagnostics in_characters(const util::Diagnostics& diags, const manifest::SourceTexts& texts) {
  util::Diagnostics out;
  std::map<std::string, util::LineIndex, std::less<>> indexes;
  for (auto d : diags.items()) {
    auto it = texts.find(d.loc.source);
    if (it != texts.end() && d.loc.line > 0 && d.loc.col > 1) {
      auto idx = indexes.try_emplace(d.loc.source, std::string_view(it->second)).first;
      d.loc.col = util::character_column(idx->second.line(d.loc.line), d.loc.col);
    }
    out.add(std::move(d));
  }
  return out;
}

}  // namespace vsctl::cli
