#pragma once
// GitHub-flavoured Markdown that GitHub and GitLab render well, for review comments (-o
// markdown): escaped text and table cells, code blocks whose content cannot close them,
// collapsible sections, and a document capped at a comment's size, cut between sections. Pure.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace vsctl::markdown {

// A GitHub comment holds at most 65,536 characters.
constexpr std::size_t kCommentLimit = 65536;

// `s` as inline text: every character Markdown or HTML could read as syntax backslash-escaped,
// line breaks as spaces. Renders as `s` itself.
std::string text(std::string_view s);

// `s` as a table cell: text(s) with '|' escaped too (GFM splits cells on it first) and line
// breaks as <br>.
std::string cell(std::string_view s);

// `s` as HTML text (inside <summary>): &, <, > and quotes as entities, line breaks as spaces.
std::string html(std::string_view s);

// `s` as inline code: in a backtick string longer than any run of backticks in `s`, padded
// with spaces where `s` starts or ends with a backtick.
std::string code(std::string_view s);

// code(s) for a table cell: '|' escaped as GFM asks inside a cell, even in code.
std::string code_cell(std::string_view s);

// The fence of a code block holding `content`: backticks, at least three and more than the
// longest run of backticks in `content`, so that no line of it closes the block.
std::string fence_for(std::string_view content);

// A fenced code block of `content` (a final line break added when missing), `lang` its info
// string ("diff", "yaml", or "").
std::string code_block(std::string_view content, std::string_view lang = "");

// A table: the header row, the delimiter row, one row per entry; every cell escaped with
// cell(). Rows shorter than the header are padded with empty cells.
std::string table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows);
// The same with rows of cells already made (cell(), code_cell()).
std::string table_of_cells(const std::vector<std::string>& header,
                           const std::vector<std::vector<std::string>>& rows);

// A collapsible section: <details><summary>`summary`</summary>, a blank line so that `body`
// renders as Markdown, `body`, </details>. `summary` is HTML (escape text with html()).
// `open`: shown unfolded.
std::string details(std::string_view summary, std::string_view body, bool open = false);

// A document of a review comment: `top` (title, what is refused or cannot be undone, the
// summary table), then one section per service.
struct Document {
  std::string top;
  std::vector<std::string> sections;
};

struct Cap {
  std::size_t limit = kCommentLimit;  // in bytes, which are never fewer than characters
  std::string noun = "services";      // what a section is, for the last line ("12 of 40 services")
  std::string full;                   // how to see it all: "`vsctl diff main HEAD --objects`"
};

// The document within `cap.limit`: `top` and the sections that fit, in order, cut before the
// first section that does not (a section is never cut inside), then a last line saying how many
// sections were left out and how to see them all (cap.full). When `top` alone is too long it is
// cut at the last line break that fits. Uncut documents are returned whole.
std::string render(const Document& d, const Cap& cap);

}  // namespace vsctl::markdown
