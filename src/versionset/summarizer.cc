#include "versionset/summarizer.h"

#include <algorithm>
#include <set>

#include "manifest/document.h"
#include "manifest/view.h"
#include "util/hash.h"

namespace vsctl::versionset {

namespace {

bool same_names(const ManifestSplit& a, const ManifestSplit& b) {
  if (a.services.size() != b.services.size()) return false;
  for (std::size_t i = 0; i < a.services.size(); ++i)
    if (a.services[i].name != b.services[i].name) return false;
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

std::string Summarizer::chunk_key(const std::string& ctx, std::string_view chunk) {
  std::string key;
  key.reserve(ctx.size() + chunk.size());
  key.append(ctx).append(chunk);
  return util::sha256_hex(key);
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

std::vector<std::uint32_t> Summarizer::name_order(const ManifestSplit& s) const {
  if (have_prev_ && same_names(s, prev_.split)) return prev_.order;  // the usual case: no sort
  std::vector<std::uint32_t> order(s.services.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return s.services[a].name < s.services[b].name; });
  for (std::size_t i = 1; i < order.size(); ++i)
    if (s.services[order[i]].name == s.services[order[i - 1]].name) return {};
  return order;
}

void Summarizer::remember(std::string text, const ManifestSplit& split, std::vector<std::uint32_t> ids,
                          std::vector<std::uint32_t> order) {
  const char* old_base = text.data();
  prev_.text = std::move(text);  // no copy: the views are moved over by offset
  auto rebase = [&](std::string_view v) {
    return std::string_view(prev_.text).substr(static_cast<std::size_t>(v.data() - old_base), v.size());
  };
  prev_.split.head = rebase(split.head);
  prev_.split.tail = rebase(split.tail);
  prev_.split.services.clear();
  for (const auto& c : split.services) prev_.split.services.push_back({rebase(c.name), rebase(c.text)});
  prev_.ids = std::move(ids);
  prev_.order = std::move(order);
  have_prev_ = true;
}

void Summarizer::seed(std::string text, const Summary& known) {
  if (!known.usable) return;
  auto split = split_services(text);
  if (!split || split->services.size() != known.services.size()) return;
  have_prev_ = false;
  auto order = name_order(*split);
  if (order.empty()) return;
  std::vector<std::uint32_t> ids;
  for (const auto& c : split->services) {
    const ServiceRecord* r = find_service(table_, known, c.name);
    if (!r) return;
    ids.push_back(table_.intern(*r));
  }
  const std::string ctx = context_key(*split);
  for (std::size_t i = 0; i < ids.size(); ++i) chunks_.try_emplace(chunk_key(ctx, split->services[i].text), ids[i]);
  remember(std::move(text), *split, std::move(ids), std::move(order));
}

Summary Summarizer::summarize(std::string text) {
  auto split = split_services(text);
  std::vector<std::uint32_t> order;
  if (split) order = name_order(*split);
  const bool same_context = have_prev_ && split && prev_.split.head == split->head && prev_.split.tail == split->tail;
  if (!split || order.empty() || (!same_context && (!self_contained(split->head) || !self_contained(split->tail)))) {
    have_prev_ = false;
    return whole(text);
  }
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
    std::string key = chunk_key(ctx, c.text);
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
        if (doc_ids.size() == split->services.size())
          remember(std::move(text), *split, std::move(doc_ids), std::move(order));
        else have_prev_ = false;
      } else {
        have_prev_ = false;
      }
      return s;
    }
    chunks_.emplace(std::move(key), *id);
    ids.push_back(*id);
  }
  Summary out{true, {}};
  out.services.reserve(ids.size());
  for (auto i : order) out.services.push_back(ids[i]);
  remember(std::move(text), *split, std::move(ids), std::move(order));
  return out;
}

}  // namespace vsctl::versionset
