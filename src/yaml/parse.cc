#include "yaml/parse.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <sstream>
#include <unordered_map>
#include <unordered_set>
#include <utf8.h>

#include "util/strings.h"

namespace vsctl::yaml {

namespace {

// Thrown from the event handler to abandon a parse that crossed a limit; caught in parse().
struct Abort {};

util::SourceLoc loc_at(std::string_view source, std::string_view text, std::size_t offset) {
  int line = 1, col = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return {std::string(source), line, col};
}

class Builder final : public YAML::EventHandler {
 public:
  Builder(std::string_view source, std::string_view text, const Limits& limits, Arena& arena, util::Diagnostics& diags)
      : source_(source), text_(text), limits_(limits), arena_(arena), diags_(diags) {}

  const Node* root() const { return root_; }

  void OnDocumentStart(const YAML::Mark& m) override {
    root_ = nullptr;
    anchors_.clear();
    doc_start_ = m;
  }
  // Where the last document started (yaml-cpp's mark: 0-based, pos in bytes).
  const YAML::Mark& doc_start() const { return doc_start_; }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& m, YAML::anchor_t anchor) override {
    Node* n = make(Kind::Null, m);
    remember(anchor, n);
    attach(n);
  }

  void OnAlias(const YAML::Mark& m, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) {
      error(m, "yaml-alias", "alias to an unknown anchor");
      throw Abort{};
    }
    if (open_.count(it->second)) {
      error(m, "yaml-alias", "cyclic alias: it refers to a node that contains it");
      throw Abort{};
    }
    attach(it->second);
  }

  void OnScalar(const YAML::Mark& m, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    if (tag != "?") check_closed(m);
    Node* n = make(Kind::Scalar, m);
    n->value = value;
    n->plain = tag == "?";
    if (tag != "?" && tag != "!") n->tag = tag;
    remember(anchor, n);
    attach(n);
  }

  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(Kind::Sequence, m, anchor);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(Kind::Map, m, anchor);
  }
  void OnMapEnd() override {
    Node* map = stack_.back().node;
    check_keys(*map);
    close();
  }

 private:
  struct Frame {
    Node* node;
    const Node* pending_key = nullptr;
  };

  Node* make(Kind k, const YAML::Mark& m) {
    if (arena_.size() >= limits_.max_nodes) {
      error(m, "yaml-limit", "more than " + std::to_string(limits_.max_nodes) + " YAML nodes");
      throw Abort{};
    }
    return arena_.make(k, m.line + 1, m.column + 1);
  }

  void remember(YAML::anchor_t anchor, const Node* n) {
    if (anchor != YAML::NullAnchor) anchors_[anchor] = n;
  }

  void open(Kind k, const YAML::Mark& m, YAML::anchor_t anchor) {
    if (static_cast<int>(stack_.size()) >= limits_.max_depth) {
      error(m, "yaml-limit", "nesting deeper than " + std::to_string(limits_.max_depth) + " levels");
      throw Abort{};
    }
    Node* n = make(k, m);
    remember(anchor, n);
    attach(n);
    stack_.push_back({n});
    open_.insert(n);
  }

  void close() {
    open_.erase(stack_.back().node);
    stack_.pop_back();
  }

  void attach(const Node* n) {
    if (stack_.empty()) {
      root_ = n;
      return;
    }
    Frame& f = stack_.back();
    if (f.node->kind == Kind::Sequence) {
      f.node->items.push_back(n);
    } else if (!f.pending_key) {
      f.pending_key = n;
    } else {
      f.node->entries.emplace_back(f.pending_key, n);
      f.pending_key = nullptr;
    }
  }

  void check_keys(const Node& map) {
    std::unordered_map<std::string_view, const Node*> seen;
    seen.reserve(map.entries.size());
    for (const auto& [key, val] : map.entries) {
      if (key->kind != Kind::Scalar) {
        diags_.error(at(*key), "yaml-key", "map keys must be scalars, not " + std::string(kind_name(key->kind)));
        continue;
      }
      if (key->plain && key->value == "<<") {
        diags_.error(at(*key), "yaml-merge-key",
                     "merge keys (<<) are not supported; write the fields out, or use spec.defaults "
                     "for what every service shares");
        continue;
      }
      auto [it, fresh] = seen.emplace(key->value, key);
      if (!fresh) {
        diags_.error(at(*key), "yaml-duplicate-key",
                     "duplicate key " + util::quote(key->value) + " (first at line " +
                         std::to_string(it->second->line) + ")");
      }
    }
  }

  util::SourceLoc at(const Node& n) const { return {std::string(source_), n.line, n.col}; }

  // yaml-cpp ends a quoted scalar that is never closed at the end of the text, taking in
  // everything after it. The scalar at `m` (after its tag and anchor, if any) is checked to
  // have its closing quote; the scan stops there, so all scans together read the text once.
  void check_closed(const YAML::Mark& m) {
    std::size_t i = m.pos < 0 ? text_.size() : static_cast<std::size_t>(m.pos);
    auto skip_space = [&] {
      while (i < text_.size() && (text_[i] == ' ' || text_[i] == '\t' || text_[i] == '\n' || text_[i] == '\r')) ++i;
    };
    while (i < text_.size() && (text_[i] == '!' || text_[i] == '&')) {  // tag, anchor
      while (i < text_.size() && text_[i] != ' ' && text_[i] != '\t' && text_[i] != '\n' && text_[i] != '\r') ++i;
      skip_space();
    }
    if (i >= text_.size() || (text_[i] != '"' && text_[i] != '\'')) return;  // not quoted
    const char quote = text_[i];
    for (++i; i < text_.size(); ++i) {
      if (quote == '"' && text_[i] == '\\') {
        ++i;  // an escaped character
      } else if (text_[i] == quote) {
        if (quote == '\'' && i + 1 < text_.size() && text_[i + 1] == '\'') {
          ++i;  // '' is a quote inside a single-quoted scalar
        } else {
          return;
        }
      }
    }
    error(m, "yaml-syntax", std::string("YAML syntax: this quoted scalar is never closed (a missing ") + quote + ")");
    throw Abort{};
  }

  void error(const YAML::Mark& m, const char* code, std::string msg) {
    diags_.error({std::string(source_), m.line + 1, m.column + 1}, code, std::move(msg));
  }

  std::string_view source_;
  std::string_view text_;
  const Limits& limits_;
  Arena& arena_;
  util::Diagnostics& diags_;
  std::vector<Frame> stack_;
  std::unordered_set<const Node*> open_;
  std::unordered_map<YAML::anchor_t, const Node*> anchors_;
  const Node* root_ = nullptr;
  YAML::Mark doc_start_ = YAML::Mark::null_mark();
};

// Refuses text the YAML parser must never see: too large, NUL bytes, invalid UTF-8.
bool precheck(std::string_view source, std::string_view text, const Limits& limits, util::Diagnostics& diags) {
  if (text.size() > limits.max_bytes) {
    diags.error({std::string(source), 0, 0}, "too-large",
                "the file has " + std::to_string(text.size()) + " bytes, more than the limit of " +
                    std::to_string(limits.max_bytes));
    return false;
  }
  if (auto nul = text.find('\0'); nul != std::string_view::npos) {
    diags.error(loc_at(source, text, nul), "nul-byte", "NUL byte in the text: is this a binary file?");
    return false;
  }
  auto bad = utf8::find_invalid(text.begin(), text.end());
  if (bad != text.end()) {
    diags.error(loc_at(source, text, static_cast<std::size_t>(bad - text.begin())), "invalid-utf8",
                "invalid UTF-8: YAML must be UTF-8 text");
    return false;
  }
  return true;
}

}  // namespace

Parsed parse(std::string_view source_name, std::string_view text, const Limits& limits) {
  Parsed out;
  out.arena = std::make_shared<Arena>();
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (!precheck(source_name, text, limits, out.diags)) {
    out.fatal = true;
    return out;
  }

  std::istringstream in{std::string(text)};
  Builder builder(source_name, text, limits, *out.arena, out.diags);
  try {
    YAML::Parser parser(in);
    std::size_t seen = 0;  // documents, empty ones included
    int last_start = -1;
    while (parser.HandleNextDocument(builder)) {
      const YAML::Mark& start = builder.doc_start();
      if (start.pos == last_start) {
        // yaml-cpp does not consume a token it cannot place (a stray ',' or ']' in block
        // context) and starts an empty document before it again and again
        auto at = static_cast<std::size_t>(start.pos);
        out.diags.error({std::string(source_name), start.line + 1, start.column + 1}, "yaml-syntax",
                        "YAML syntax: unexpected " + util::quote(text.substr(at, 1)));
        out.fatal = true;
        break;
      }
      last_start = start.pos;
      if (builder.root() && !builder.root()->resolves_null()) out.documents.push_back(builder.root());
      if (++seen > limits.max_documents) {
        out.diags.error({std::string(source_name), 0, 0}, "yaml-limit",
                        "more than " + std::to_string(limits.max_documents) + " YAML documents");
        break;
      }
    }
  } catch (const Abort&) {
    out.fatal = true;
  } catch (const YAML::Exception& e) {
    std::string msg = e.msg;
    if (!msg.empty()) msg[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(msg[0])));
    out.diags.error({std::string(source_name), e.mark.line + 1, e.mark.column + 1}, "yaml-syntax",
                    "YAML syntax: " + msg);
    out.fatal = true;
  } catch (const std::exception& e) {
    out.diags.error({std::string(source_name), 0, 0}, "yaml-syntax", std::string("YAML: ") + e.what());
    out.fatal = true;
  }
  if (out.fatal) out.documents.clear();
  return out;
}

}  // namespace vsctl::yaml
