#include "versionset/summarizer.h"

#include <algorithm>
#include <set>

#include "manifest/document.h"
#include "manifest/view.h"
#include "util/hash.h"

namespace vsctl::versionset {

namespace {

std::vector<std::uint32_t> by_name(const RecordTable& t, std::vector<std::uint32_t> ids) {
  std::sort(ids.begin(), ids.end(), [&](std::uint32_t a, std::uint32_t b) { return t[a].name < t[b].name; });
  return ids;
}

bool distinct_names(const ManifestSplit& s) {
  std::set<std::string_view> names;
  for (const auto& c : s.services)
    if (!names.insert(c.name).second) return false;
  return true;
}

}  // namespace

Summarizer::Summarizer(RecordTable& table, std::string source_name, std::string manifest_dir, std::string env)
    : table_(table), source_name_(std::move(source_name)), manifest_dir_(std::move(manifest_dir)), env_(std::move(env)) {}

std::string Summarizer::context_key(const ManifestSplit& s) {
  std::string ctx;
  ctx.reserve(s.head.size() + s.tail.size() + 1);
  ctx.append(s.head).push_back('\0');
  ctx.append(s.tail);
  return util::sha256_hex(ctx) + '\0';
}

Summary Summarizer::whole(std::string_view text) {
  ++stats_.whole_parses;
  util::Diagnostics diags;
  manifest::Document doc = manifest::parse_document(source_name_, text, diags);
  Summary out;
  auto view = manifest::build_view(doc, env_, diags);
  if (!view) return out;
  out.usable = true;
  for (const auto& s : view->services) out.services.push_back(table_.intern(record_of(s, manifest_dir_)));
  return out;  // view services are sorted by name already
}

std::optional<std::uint32_t> Summarizer::parse_chunk(const ManifestSplit& s, const ServiceChunk& c) {
  if (!self_contained(c.text)) return std::nullopt;
  ++stats_.chunk_parses;
  std::string text;
  text.reserve(s.head.size() + c.text.size() + s.tail.size() + 1);
  text.append(s.head).append(c.text);
  if (!text.empty() && text.back() != '\n') text.push_back('\n');
  text.append(s.tail);
  util::Diagnostics diags;
  manifest::Document doc = manifest::parse_document(source_name_, text, diags);
  if (!doc.usable || doc.services.size() != 1 || doc.services.front().name != c.name) return std::nullopt;
  auto view = manifest::build_view(doc, env_, diags);
  if (!view || view->services.size() != 1) return std::nullopt;
  return table_.intern(record_of(view->services.front(), manifest_dir_));
}

void Summarizer::remember(std::string_view text, const ManifestSplit& split, std::vector<std::uint32_t> ids) {
  prev_.text.assign(text);
  auto rebase = [&](std::string_view v) {
    return std::string_view(prev_.text).substr(static_cast<std::size_t>(v.data() - text.data()), v.size());
  };
  prev_.split.head = rebase(split.head);
  prev_.split.tail = rebase(split.tail);
  prev_.split.services.clear();
  for (const auto& c : split.services) prev_.split.services.push_back({rebase(c.name), rebase(c.text)});
  prev_.ids = std::move(ids);
  have_prev_ = true;
}

void Summarizer::seed(std::string_view text, const Summary& known) {
  if (!known.usable) return;
  auto split = split_services(text);
  if (!split || !distinct_names(*split) || split->services.size() != known.services.size()) return;
  std::vector<std::uint32_t> ids;
  for (const auto& c : split->services) {
    const ServiceRecord* r = find_service(table_, known, c.name);
    if (!r) return;
    ids.push_back(table_.intern(*r));
  }
  const std::string ctx = context_key(*split);
  for (std::size_t i = 0; i < ids.size(); ++i) chunks_.try_emplace(ctx + std::string(split->services[i].text), ids[i]);
  remember(text, *split, std::move(ids));
}

Summary Summarizer::summarize(std::string_view text) {
  auto split = split_services(text);
  if (!split || !distinct_names(*split) || !self_contained(split->head) || !self_contained(split->tail)) {
    have_prev_ = false;
    return whole(text);
  }
  const bool same_context = have_prev_ && prev_.split.head == split->head && prev_.split.tail == split->tail;
  std::string ctx;  // computed only when a chunk is not the previous text's
  std::vector<std::uint32_t> ids;
  ids.reserve(split->services.size());
  for (std::size_t i = 0; i < split->services.size(); ++i) {
    const ServiceChunk& c = split->services[i];
    if (same_context && i < prev_.split.services.size() && prev_.split.services[i].text == c.text) {
      ids.push_back(prev_.ids[i]);
      ++stats_.chunks_reused;
      continue;
    }
    if (ctx.empty()) ctx = context_key(*split);
    std::string key = ctx + std::string(c.text);
    if (auto it = chunks_.find(key); it != chunks_.end()) {
      ids.push_back(it->second);
      ++stats_.chunks_reused;
      continue;
    }
    auto id = parse_chunk(*split, c);
    if (!id) {
      Summary s = whole(text);
      if (s.usable && s.services.size() == split->services.size()) {
        // teach the chunk cache from the whole parse, so neighbours still split
        std::vector<std::uint32_t> doc_ids;
        for (const auto& ch : split->services)
          if (const ServiceRecord* r = find_service(table_, s, ch.name)) doc_ids.push_back(table_.intern(*r));
        if (doc_ids.size() == split->services.size()) remember(text, *split, std::move(doc_ids));
        else have_prev_ = false;
      } else {
        have_prev_ = false;
      }
      return s;
    }
    chunks_.emplace(std::move(key), *id);
    ids.push_back(*id);
  }
  Summary out{true, by_name(table_, ids)};
  remember(text, *split, std::move(ids));
  return out;
}

}  // namespace vsctl::versionset
