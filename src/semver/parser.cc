#include "semver/parser.h"

#include <limits>
#include <optional>
#include <string>
#include <utility>

#include "semver/desugar.h"
#include "semver/lex.h"
#include "util/strings.h"

namespace vsctl::semver::detail {
namespace {

constexpr std::uint64_t kMaxRangeNumber = std::numeric_limits<std::uint64_t>::max() - 1;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

enum class Kind { Caret, Tilde, Xrange };

struct Term {
  Kind kind = Kind::Xrange;
  std::optional<Op> op;  // Xrange only; std::nullopt for a bare version or '='
  bool has_operator = false;
  Partial version;
};

// Parses one "||" alternative: text[pos, end).
class SetParser {
 public:
  SetParser(std::string_view text, std::size_t begin, std::size_t end)
      : s_(text.substr(0, end)), pos_(begin), end_(end) {}

  util::Result<ComparatorSet> parse() {
    ComparatorSet set;
    skip_space();
    for (int count = 0; !at_end(); ++count) {
      VSCTL_TRY(term, read_term());
      skip_space();
      if (at_dash()) {
        if (count > 0 || term.has_operator) {
          return fail("unexpected \"-\" at column " + column(pos_) +
                      " (a hyphen range is \"1.2.3 - 2.3.4\", alone between \"||\")");
        }
        VSCTL_CHECK(read_hyphen_rest(term.version, set));
        return set;
      }
      switch (term.kind) {
        case Kind::Caret: add_caret(term.version, set); break;
        case Kind::Tilde: add_tilde(term.version, set); break;
        case Kind::Xrange: add_xrange(term.op, term.version, set); break;
      }
    }
    return set;
  }

 private:
  std::string_view s_;
  std::size_t pos_, end_;

  bool at_end() const { return pos_ >= end_; }
  bool at_token_end() const { return at_end() || is_space(s_[pos_]); }
  bool at(char c) const { return !at_end() && s_[pos_] == c; }
  bool at_dash() const { return at('-') && (pos_ + 1 >= end_ || is_space(s_[pos_ + 1])); }
  void skip_space() {
    while (!at_end() && is_space(s_[pos_])) ++pos_;
  }
  static std::string column(std::size_t pos) { return std::to_string(pos + 1); }

  static tl::unexpected<util::Error> fail(std::string message) {
    return util::fail(util::ErrorKind::Invalid, std::move(message));
  }
  // "unexpected "foo" at column 7 (expected ...)", or "expected ... at column 7" at a gap.
  tl::unexpected<util::Error> unexpected(std::size_t pos, std::string_view expected) const {
    if (pos >= end_ || is_space(s_[pos])) {
      return fail("expected " + std::string(expected) + " at column " + column(pos));
    }
    std::size_t stop = pos;
    while (stop < end_ && !is_space(s_[stop])) ++stop;
    std::string msg = "unexpected " + util::quote(s_.substr(pos, stop - pos)) + " at column " +
                      column(pos);
    if (!expected.empty()) msg += " (expected " + std::string(expected) + ")";
    return fail(msg);
  }

  // [operator][space]version, the operator being ^ ~ >= <= > < or =.
  util::Result<Term> read_term() {
    struct Operator {
      std::string_view text;
      Kind kind;
      std::optional<Op> op;
    };
    static constexpr Operator kOperators[] = {
        {"^", Kind::Caret, std::nullopt},  {"~", Kind::Tilde, std::nullopt},
        {">=", Kind::Xrange, Op::Ge},      {"<=", Kind::Xrange, Op::Le},
        {">", Kind::Xrange, Op::Gt},       {"<", Kind::Xrange, Op::Lt},
        {"=", Kind::Xrange, std::nullopt},
    };
    std::size_t start = pos_;
    std::string_view rest = s_.substr(pos_);
    if (rest.starts_with("~>")) {
      return fail("unexpected \"~>\" at column " + column(start) +
                  " (use \"~1.2\" for patch updates or \"^1.2\" for minor updates)");
    }
    Term term;
    for (const auto& o : kOperators) {
      if (!rest.starts_with(o.text)) continue;
      term = Term{o.kind, o.op, true, {}};
      pos_ += o.text.size();
      skip_space();
      if (at_end()) {
        return fail("missing version after " + util::quote(o.text) + " at column " +
                    column(start));
      }
      break;
    }
    VSCTL_TRY(version, read_version());
    term.version = std::move(version);
    return term;
  }

  util::Result<std::optional<std::uint64_t>> read_part(std::string_view expected) {
    if (at('x') || at('X') || at('*')) {
      ++pos_;
      return std::optional<std::uint64_t>{};
    }
    std::size_t start = pos_;
    std::uint64_t n = 0;
    switch (read_number(s_, pos_, kMaxRangeNumber, n)) {
      case Lex::Ok: return std::optional<std::uint64_t>{n};
      case Lex::LeadingZero:
        return fail(number_at(start) + " has a leading zero");
      case Lex::TooLarge:
        return fail(number_at(start) + " is too large");
      case Lex::Missing:
      case Lex::EmptyIdentifier: break;
    }
    return unexpected(start, expected);
  }

  std::string number_at(std::size_t pos) const {
    return "number " + util::quote(s_.substr(pos, digit_run(s_, pos))) + " at column " +
           column(pos);
  }

  // [v]X[.X[.X[-pre][+build]]] where X is a number, 'x', 'X' or '*'.
  util::Result<Partial> read_version() {
    Partial p;
    if (at('v')) ++pos_;
    std::optional<std::uint64_t>* parts[] = {&p.major, &p.minor, &p.patch};
    std::size_t count = 0;
    for (; count < 3; ++count) {
      if (count > 0) {
        if (!at('.')) break;
        ++pos_;
      }
      VSCTL_TRY(part, read_part(count == 0 ? "a version" : "a number, \"x\" or \"*\""));
      *parts[count] = part;
    }
    if (count == 3 && at('-')) {
      ++pos_;
      VSCTL_CHECK(read_ids(true, p.prerelease));
    }
    if (count == 3 && at('+')) {
      ++pos_;
      std::vector<std::string> build;  // no meaning in a range
      VSCTL_CHECK(read_ids(false, build));
    }
    if (!at_token_end()) return unexpected(pos_, "");
    return p;
  }

  util::Result<void> read_ids(bool prerelease, std::vector<std::string>& out) {
    const char* what = prerelease ? "pre-release identifier" : "build identifier";
    switch (read_identifiers(s_, pos_, prerelease, out)) {
      case Lex::Ok: return {};
      case Lex::LeadingZero:
        return fail(std::string(what) + " " +
                    util::quote(s_.substr(pos_, digit_run(s_, pos_))) + " at column " +
                    column(pos_) + " has a leading zero");
      case Lex::Missing:
      case Lex::TooLarge:
      case Lex::EmptyIdentifier: break;
    }
    return fail("empty " + std::string(what) + " at column " + column(pos_));
  }

  // After "FROM": pos_ is at the '-'.
  util::Result<void> read_hyphen_rest(const Partial& from, ComparatorSet& set) {
    std::size_t dash = pos_++;
    skip_space();
    if (at_end()) return fail("missing version after \"-\" at column " + column(dash));
    VSCTL_TRY(to, read_version());
    skip_space();
    if (!at_end()) return unexpected(pos_, "the end of the hyphen range");
    add_hyphen(from, to, set);
    return {};
  }
};

}  // namespace

util::Result<std::vector<ComparatorSet>> parse_sets(std::string_view text) {
  std::vector<ComparatorSet> sets;
  std::size_t begin = 0;
  while (true) {
    std::size_t bar = text.find("||", begin);
    std::size_t end = bar == std::string_view::npos ? text.size() : bar;
    VSCTL_TRY(set, SetParser(text, begin, end).parse());
    sets.push_back(std::move(set));
    if (bar == std::string_view::npos) return sets;
    begin = bar + 2;
  }
}

}  // namespace vsctl::semver::detail
