#include "versionset/store.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "util/hash.h"

namespace fs = std::filesystem;

namespace vsctl::versionset {

namespace {

constexpr std::string_view kMagic = "vsctl versionset cache\n";
constexpr std::uint32_t kFormat = 1;
constexpr std::uintmax_t kMaxCacheBytes = 1u << 30;

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
}

CommitRecord read_commit(BinReader& r) {
  CommitRecord c;
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
  return c;
}

}  // namespace

std::string store_path(const std::string& cache_dir, const std::string& manifest_path, const std::string& env) {
  return cache_dir + "/versionsets-" + util::sha256_hex(manifest_path + '\0' + env).substr(0, 16) + ".bin";
}

std::string encode_store(const std::string& key, const Store& store) {
  BinWriter w;
  w.data().append(kMagic);
  w.u32(kFormat);
  w.str(key);
  w.u32(static_cast<std::uint32_t>(store.records.size()));
  for (std::uint32_t i = 0; i < store.records.size(); ++i) store.records[i].write(w);
  w.u32(static_cast<std::uint32_t>(store.blobs.size()));
  for (const auto& [id, s] : store.blobs) {
    w.oid(id);
    w.u8(s.usable ? 1 : 0);
    w.u32(static_cast<std::uint32_t>(s.services.size()));
    for (auto r : s.services) w.u32(r);
  }
  w.u32(static_cast<std::uint32_t>(store.commits.size()));
  for (const auto& [id, c] : store.commits) write_commit(w, c);
  return std::move(w.data());
}

std::optional<Store> decode_store(std::string_view data, const std::string& key) {
  if (data.substr(0, kMagic.size()) != kMagic) return std::nullopt;
  BinReader r(data.substr(kMagic.size()));
  if (r.u32() != kFormat || r.str() != key || !r.ok()) return std::nullopt;
  Store s;
  for (std::uint32_t n = r.count(40); n > 0 && r.ok(); --n) {
    std::uint32_t expected = static_cast<std::uint32_t>(s.records.size());
    if (s.records.intern(ServiceRecord::read(r)) != expected) return std::nullopt;  // duplicates: corrupt
  }
  for (std::uint32_t n = r.count(25); n > 0 && r.ok(); --n) {
    Oid id = r.oid();
    Summary sum;
    sum.usable = r.u8() != 0;
    for (std::uint32_t m = r.count(4); m > 0; --m) {
      std::uint32_t rec = r.u32();
      if (rec >= s.records.size()) return std::nullopt;
      sum.services.push_back(rec);
    }
    s.blobs.emplace(id, std::move(sum));
  }
  for (std::uint32_t n = r.count(60); n > 0 && r.ok(); --n) {
    CommitRecord c = read_commit(r);
    s.commits.emplace(c.info.id, std::move(c));
  }
  if (!r.ok() || !r.at_end()) return std::nullopt;
  // every stored commit must come with its first parent
  for (const auto& [id, c] : s.commits)
    if (c.info.parent && !s.commits.count(*c.info.parent)) return std::nullopt;
  return s;
}

Store load_store(const std::string& path, const std::string& key) {
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  if (ec || size > kMaxCacheBytes) return {};
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::string data(static_cast<std::size_t>(size), '\0');
  if (!in.read(data.data(), static_cast<std::streamsize>(size))) return {};
  auto s = decode_store(data, key);
  return s ? std::move(*s) : Store{};
}

bool save_store(const std::string& path, const std::string& key, const Store& store) {
  std::error_code ec;
  fs::path p(path);
  fs::create_directories(p.parent_path(), ec);
  if (ec) return false;
  std::string data = encode_store(key, store);
  if (data.size() > kMaxCacheBytes) return false;
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

}  // namespace vsctl::versionset
