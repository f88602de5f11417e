#pragma once
// Diagnostics collected over a whole phase and reported together:
//   source:line:col: error: message
//     the offending line
//     ^
#include <string>
#include <string_view>
#include <vector>

namespace vsctl::util {

// A 1-based position in a named source ("architecture.yaml", "1a2b3c4:architecture.yaml").
struct SourceLoc {
  std::string source;
  int line = 0;  // 0: unknown (the message is about the whole source)
  int col = 0;
};

enum class Severity { Error, Warning };

struct Diagnostic {
  Severity severity = Severity::Error;
  SourceLoc loc;
  std::string message;
  std::string code;  // stable identifier, e.g. "unknown-field", for -o json/sarif
};

class Diagnostics {
 public:
  void error(SourceLoc loc, std::string code, std::string message);
  void warning(SourceLoc loc, std::string code, std::string message);
  void add(Diagnostic d) { items_.push_back(std::move(d)); }
  void append(const Diagnostics& other);

  bool has_errors() const;
  std::size_t error_count() const;
  std::size_t warning_count() const;
  const std::vector<Diagnostic>& items() const { return items_; }
  bool empty() const { return items_.empty(); }
  // Sorted by source, line, column; exact duplicates (same place, same message) dropped.
  void sort_unique();

 private:
  std::vector<Diagnostic> items_;
};

// "2 errors, 1 warning".
std::string count_summary(const Diagnostics& diags);

// "source:line:col: error: message" followed, when `text` has that line, by the line and a
// caret under the column. `text` is the whole source the location points into. A line longer
// than kMaxEchoBytes is shown as a window around the column, between "...".
std::string format(const Diagnostic& d, std::string_view text);

// The 1-based line `line` of text, without its newline; empty when out of range.
std::string_view line_of(std::string_view text, int line);

// Where each line of a text starts, so that printing many diagnostics of one source does not
// scan it again for each. Keeps a view of `text`, which must outlive it.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  std::string_view line(int line) const;  // as line_of
 private:
  std::string_view text_;
  std::vector<std::size_t> starts_;
};

// format(d, text) with the line found through an index of text.
std::string format(const Diagnostic& d, const LineIndex& lines);

inline constexpr std::size_t kMaxEchoBytes = 160;

// `line` made safe to echo to a terminal: control characters (but tabs) and bytes that are not
// UTF-8 become '?', so a hostile file cannot send escape sequences.
std::string printable_line(std::string_view line);
// The blanks that put a caret under byte column `col` (1-based) of `line` as printed.
std::string caret_padding(std::string_view line, int col);

// The column people and editors count, in characters, of byte column `col` of `line` (a byte
// that is not UTF-8 counts as one character). Locations keep bytes (yaml-cpp's marks); what is
// printed says characters.
int character_column(std::string_view line, int col);

}  // namespace vsctl::util
