#include "versionset/store.h"

#include <cstdio>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "util/hash.h"

namespace fs = std::filesystem;

namespace vsctl::versionset {

namespace {


constexpr std::uint32_t kFormat = kCacheFormat;
constexpr std::uintmax_t kMaxCacheBytes = 1u << 30;

// A change kind's code in the cache: Provision 0, Update 1, Rollback 2, Scale 3, Destroy 4 (the
// codes of the format, kept when the enum gained None).
std::uint8_t code_of(Change c) { return static_cast<std::uint8_t>(static_cast<int>(c) - static_cast<int>(Change::Provision)); }
std::optional<Change> change_of_code(std::uint8_t code) {
  if (code > code_of(Change::Destroy)) return std::nullopt;
  return static_cast<Change>(code + static_cast<int>(Change::Provision));
}

void write_changes(BinWriter& w, const std::optional<VersionSetChanges>& ch) {
  w.u8(!ch ? 0 : ch->parses ? 1 : 2);
  if (!ch) return;
  w.u32(static_cast<std::uint32_t>(ch->services.size()));
  for (const auto& c : ch->services) {
    w.str(c.service);
    w.u8(code_of(c.kind));
    w.str(c.from);
    w.str(c.to);
    w.u32(static_cast<std::uint32_t>(c.fields.size()));
    for (const auto& f : c.fields) w.str(f);
  }
}

bool read_changes(BinReader& r, std::optional<VersionSetChanges>& ch) {
  std::uint8_t tag = r.u8();
  if (tag == 0) return true;
  if (tag > 2) return false;
  ch.emplace();
  ch->parses = tag == 1;
  for (std::uint32_t n = r.count(17); n > 0 && r.ok(); --n) {
    ServiceChange c;
    c.service = r.str();
    auto kind = change_of_code(r.u8());
    if (!kind) return false;
    c.kind = *kind;
    c.from = r.str();
    c.to = r.str();
    for (std::uint32_t m = r.count(4); m > 0; --m) c.fields.push_back(r.str());
    ch->services.push_back(std::move(c));
  }
  return r.ok();
}

void write_commit(BinWriter& w, const CommitRecord& c) {
  w.oid(c.info.id);
  w.oid(c.info.tree);
  w.u8(c.info.parent ? 1 : 0);
  if (c.info.parent) w.oid(*c.info.parent);
  w.i64(c.info.time);
  w.u32(static_cast<std::uint32_t>(c.info.offset_minutes));
  w.str(c.info.author);
  w.str(c.info.subject);
  w.u8(c.manifest ? 1 : 0);
  if (c.manifest) w.oid(*c.manifest);
  w.u32(static_cast<std::uint32_t>(c.objects.size()));
  for (const auto& [p, o] : c.objects) {
    w.str(p);
    w.oid(o);
  }
  write_changes(w, c.changes);
}

bool read_commit(BinReader& r, CommitRecord& c) {
  c.info.id = r.oid();
  c.info.tree = r.oid();
  if (r.u8()) c.info.parent = r.oid();
  c.info.time = r.i64();
  c.info.offset_minutes = static_cast<int>(r.u32());
  c.info.author = r.str();
  c.info.subject = r.str();
  if (r.u8()) c.manifest = r.oid();
  for (std::uint32_t n = r.count(24); n > 0; --n) {
    std::string p = r.str();
    c.objects.emplace_back(std::move(p), r.oid());
  }
  return read_changes(r, c.changes) && r.ok();
}

std::optional<BinReader> open_reader(std::string_view data, std::string_view magic, const std::string& key) {
  if (data.substr(0, magic.size()) != magic) return std::nullopt;
  BinReader r(data.substr(magic.size()));
  if (r.u32() != kFormat || r.str() != key || !r.ok()) return std::nullopt;
  return r;
}

// The cache files end in 8 hex digits of the CRC-32 of everything before them.
constexpr std::size_t kTrailer = 8;

std::string with_trailer(std::string data) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%08x", static_cast<unsigned>(util::crc32(data)));
  data.append(buf, kTrailer);
  return data;
}

// The file's content without its trailer; nullopt when there is none (no cache yet), and
// `damaged` set when it is there but fails its checksum or cannot be read whole.
std::optional<std::string> read_file(const std::string& path, std::vector<std::string>& damaged) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return std::nullopt;
  auto size = fs::file_size(path, ec);
  if (ec || size > kMaxCacheBytes || size < kTrailer) {
    damaged.push_back(path);
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::string data(static_cast<std::size_t>(size), '\0');
  if (!in || !in.read(data.data(), static_cast<std::streamsize>(size))) {
    damaged.push_back(path);
    return std::nullopt;
  }
  std::string trailer = data.substr(data.size() - kTrailer);
  data.resize(data.size() - kTrailer);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%08x", static_cast<unsigned>(util::crc32(data)));
  if (trailer != std::string_view(buf, kTrailer)) {
    damaged.push_back(path);
    return std::nullopt;
  }
  return data;
}

bool write_file(const std::string& path, const std::string& data) {
  std::error_code ec;
  fs::path p(path);
  fs::create_directories(p.parent_path(), ec);
  if (ec || data.size() > kMaxCacheBytes) return false;
  fs::path tmp = p;
  tmp += ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return false;
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
    if (!out) {
      fs::remove(tmp, ec);
      return false;
    }
  }
  fs::rename(tmp, p, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return false;
  }
  return true;
}

}  // namespace

const Summary& Store::add_blob(const Oid& id, Summary s) {
  auto [it, inserted] = blobs.emplace(id, std::move(s));
  if (inserted) blob_order.push_back(id);
  return it->second;
}

StorePaths store_paths(const std::string& cache_dir, const std::string& manifest_path, const std::string& env) {
  std::string base = cache_dir + "/" + util::sha256_hex(manifest_path + '\0' + env).substr(0, 16);
  return {base + ".commits", base + ".summaries"};
}

std::string encode_commits(const std::string& key, const Store& store) {
  BinWriter w;
  w.data().append(kCommitsMagic);
  w.u32(kFormat);
  w.str(key);
  w.u32(static_cast<std::uint32_t>(store.commits.size()));
  for (const auto& [id, c] : store.commits) write_commit(w, c);
  return std::move(w.data());
}

std::string encode_summaries(const std::string& key, const Store& store) {
  BinWriter w;
  w.data().append(kSummariesMagic);
  w.u32(kFormat);
  w.str(key);
  w.u32(static_cast<std::uint32_t>(store.records.size()));
  for (std::uint32_t i = 0; i < store.records.size(); ++i) store.records[i].write(w);
  // Each summary as the differences from the one before it (history neighbours differ in a few
  // services), or whole when the number of services changed.
  w.u32(static_cast<std::uint32_t>(store.blob_order.size()));
  const Summary* prev = nullptr;
  for (const Oid& id : store.blob_order) {
    const Summary& s = store.blobs.at(id);
    w.oid(id);
    w.u8(s.usable ? 1 : 0);
    if (prev && prev->services.size() == s.services.size()) {
      std::vector<std::uint32_t> changed;
      for (std::uint32_t i = 0; i < s.services.size(); ++i)
        if (s.services[i] != prev->services[i]) changed.push_back(i);
      w.u8(1);
      w.u32(static_cast<std::uint32_t>(changed.size()));
      for (auto i : changed) {
        w.u32(i);
        w.u32(s.services[i]);
      }
    } else {
      w.u8(0);
      w.u32(static_cast<std::uint32_t>(s.services.size()));
      for (auto r : s.services) w.u32(r);
    }
    prev = &s;
  }
  return std::move(w.data());
}

bool decode_commits(std::string_view data, const std::string& key, Store& into) {
  auto r = open_reader(data, kCommitsMagic, key);
  if (!r) return false;
  std::unordered_map<Oid, CommitRecord, OidHash> commits;
  std::uint32_t n = r->count(66);
  commits.reserve(n);
  for (; n > 0 && r->ok(); --n) {
    CommitRecord c;
    if (!read_commit(*r, c)) return false;
    Oid id = c.info.id;
    commits.emplace(id, std::move(c));
  }
  if (!r->ok() || !r->at_end()) return false;
  // every stored commit must come with its first parent
  for (const auto& [id, c] : commits)
    if (c.info.parent && !commits.count(*c.info.parent)) return false;
  into.commits = std::move(commits);
  return true;
}

bool decode_summaries(std::string_view data, const std::string& key, Store& into) {
  auto r = open_reader(data, kSummariesMagic, key);
  if (!r) return false;
  RecordTable records;
  for (std::uint32_t n = r->count(40); n > 0 && r->ok(); --n) records.add_unindexed(ServiceRecord::read(*r));
  Store s;
  const Summary* prev = nullptr;
  for (std::uint32_t n = r->count(26); n > 0 && r->ok(); --n) {
    Oid id = r->oid();
    Summary sum;
    sum.usable = r->u8() != 0;
    if (r->u8() != 0) {  // differences from the previous one
      if (!prev) return false;
      sum.services = prev->services;
      for (std::uint32_t m = r->count(8); m > 0; --m) {
        std::uint32_t i = r->u32(), rec = r->u32();
        if (i >= sum.services.size() || rec >= records.size()) return false;
        sum.services[i] = rec;
      }
    } else {
      sum.services.resize(r->count(4));
      for (auto& rec : sum.services) {
        rec = r->u32();
        if (rec >= records.size()) return false;
      }
    }
    if (s.blobs.count(id)) return false;
    prev = &s.add_blob(id, std::move(sum));
  }
  if (!r->ok() || !r->at_end()) return false;
  into.records = std::move(records);
  into.blobs = std::move(s.blobs);
  into.blob_order = std::move(s.blob_order);
  return true;
}

Store load_store(const StorePaths& paths, const std::string& key) {
  Store s;
  auto commits = read_file(paths.commits, s.damaged);
  if (commits && !decode_commits(*commits, key, s)) {
    s.commits.clear();
    if (open_reader(*commits, kCommitsMagic, key)) s.damaged.push_back(paths.commits);  // its own version and key, yet unreadable
  }
  s.load_summaries = [path = paths.summaries, key](Store& into) {
    auto data = read_file(path, into.damaged);
    if (data && decode_summaries(*data, key, into)) return;
    // summaries lost: commits whose changes are not computed yet will be summarised again
    into.records = RecordTable{};
    into.blobs.clear();
    into.blob_order.clear();
  };
  return s;
}

bool save_store(const StorePaths& paths, const std::string& key, const Store& store) {
  bool ok = true;
  if (store.summaries_dirty && !store.load_summaries)
    ok = write_file(paths.summaries, with_trailer(encode_summaries(key, store))) && ok;
  if (store.commits_dirty && !store.cut_short) ok = write_file(paths.commits, with_trailer(encode_commits(key, store))) && ok;
  return ok;
}

}  // namespace vsctl::versionset
