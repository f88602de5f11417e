#pragma once
// Turns manifest texts into Summaries, fast across a history: the text is split into
// per-service chunks (split.h), a chunk equal to one already seen under the same surrounding
// text reuses its record, and only new chunks are parsed, each inside the head and tail of its
// manifest so defaults and environments apply as in a whole parse. Whenever the split is not
// certain, or a chunk does not parse on its own, the whole text is parsed instead.
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "versionset/split.h"
#include "versionset/summary.h"

namespace vsctl::versionset {

struct SummarizerStats {
  std::size_t whole_parses = 0;
  std::size_t chunk_parses = 0;
  std::size_t chunks_reused = 0;
};

class Summarizer {
 public:
  // `source_name` and `manifest_dir` as manifest::LoadRequest has them; `env` picks the view.
  Summarizer(RecordTable& table, std::string source_name, std::string manifest_dir, std::string env);

  Summary summarize(std::string text);
  // Teaches the chunk cache a text whose summary is already known (from the cache on disk), so
  // the next text, if it differs in a few services, parses only those.
  void seed(std::string text, const Summary& known);

  const SummarizerStats& stats() const { return stats_; }

 private:
  struct Previous {
    std::string text;  // owns what split's views point into
    ManifestSplit split;
    std::vector<std::uint32_t> ids;  // per chunk, in document order
    std::vector<std::uint32_t> order;  // chunk positions sorted by service name
  };

  Summary whole(std::string_view text);
  std::optional<std::uint32_t> parse_chunk(const ManifestSplit& s, const ServiceChunk& c);
  void remember(std::string text, const ManifestSplit& split, std::vector<std::uint32_t> ids_in_doc_order,
                std::vector<std::uint32_t> order);
  // Positions of `s`'s chunks sorted by name; empty when two chunks have the same name.
  std::vector<std::uint32_t> name_order(const ManifestSplit& s) const;
  static std::string context_key(const ManifestSplit& s);
  // The digest of a chunk in its context: the cache keeps these rather than the chunks' text
  // (a cold `vsctl log` over 10,000 commits held 7.5 MB of chunk text as keys).
  static std::string chunk_key(const std::string& ctx, std::string_view chunk);

  RecordTable& table_;
  std::string source_name_, manifest_dir_, env_;
  std::unordered_map<std::string, std::uint32_t> chunks_;  // chunk_key -> record
  Previous prev_;
  bool have_prev_ = false;
  SummarizerStats stats_;
};

}  // namespace vsctl::versionset
