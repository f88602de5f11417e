#include "versionset/summary.h"

#include <algorithm>
#include <cstring>

#include <openssl/evp.h>

#include "manifest/check.h"
#include "manifest/definition.h"

namespace vsctl::versionset {

namespace {

std::uint64_t digest64(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | md[i];
  return v == 0 ? 1 : v;  // 0 means absent
}

}  // namespace

std::uint64_t ServiceRecord::field(std::string_view key) const {
  auto it = std::lower_bound(fields.begin(), fields.end(), key, [](const auto& f, std::string_view k) { return f.first < k; });
  return it != fields.end() && it->first == key ? it->second : 0;
}

const std::string* ServiceRecord::range_on(std::string_view service) const {
  for (const auto& [d, r] : depends_on)
    if (d == service) return &r;
  return nullptr;
}

void ServiceRecord::write(BinWriter& w) const {
  w.str(name);
  w.str(version);
  w.str(image);
  w.str(importance);
  w.str(recovery);
  w.u32(static_cast<std::uint32_t>(min));
  w.u32(static_cast<std::uint32_t>(max));
  w.u32(static_cast<std::uint32_t>(depends_on.size()));
  for (const auto& [d, r] : depends_on) {
    w.str(d);
    w.str(r);
  }
  w.u32(static_cast<std::uint32_t>(objects.size()));
  for (const auto& o : objects) w.str(o);
  w.u32(static_cast<std::uint32_t>(fields.size()));
  for (const auto& [k, v] : fields) {
    w.str(k);
    w.u64(v);
  }
}

ServiceRecord ServiceRecord::read(BinReader& r) {
  ServiceRecord s;
  s.name = r.str();
  s.version = r.str();
  s.image = r.str();
  s.importance = r.str();
  s.recovery = r.str();
  s.min = static_cast<int>(r.u32());
  s.max = static_cast<int>(r.u32());
  for (std::uint32_t n = r.count(8); n > 0; --n) {
    std::string d = r.str();
    s.depends_on.emplace_back(std::move(d), r.str());
  }
  for (std::uint32_t n = r.count(4); n > 0; --n) s.objects.push_back(r.str());
  for (std::uint32_t n = r.count(12); n > 0; --n) {
    std::string k = r.str();
    s.fields.emplace_back(std::move(k), r.u64());
  }
  return s;
}

ServiceRecord record_of(const manifest::Service& s, std::string_view manifest_dir) {
  ServiceRecord r;
  r.name = s.name;
  r.version = s.version;
  r.image = s.image;
  r.importance = manifest::to_string(s.importance);
  r.recovery = manifest::to_string(s.recovery);
  r.min = s.min;
  r.max = s.max;
  for (const auto& d : s.depends_on) r.depends_on.emplace_back(d.service, d.range_text);
  for (const auto& o : s.objects)
    if (auto p = manifest::resolve_repo_path(manifest_dir, o.path)) r.objects.push_back(*p);
  std::sort(r.objects.begin(), r.objects.end());
  r.objects.erase(std::unique(r.objects.begin(), r.objects.end()), r.objects.end());
  manifest::Json def = manifest::definition(s);
  for (auto it = def.begin(); it != def.end(); ++it) r.fields.emplace_back(it.key(), digest64(it.value().dump()));
  std::sort(r.fields.begin(), r.fields.end());
  return r;
}

std::uint32_t RecordTable::intern(ServiceRecord r) {
  for (; indexed_ < records_.size(); ++indexed_) {
    BinWriter known;
    records_[indexed_].write(known);
    index_.emplace(std::move(known.data()), static_cast<std::uint32_t>(indexed_));
  }
  BinWriter w;
  r.write(w);
  auto [it, inserted] = index_.try_emplace(std::move(w.data()), static_cast<std::uint32_t>(records_.size()));
  if (inserted) {
    records_.push_back(std::move(r));
    indexed_ = records_.size();
  }
  return it->second;
}

const ServiceRecord* find_service(const RecordTable& t, const Summary& s, std::string_view name) {
  auto it = std::lower_bound(s.services.begin(), s.services.end(), name,
                             [&](std::uint32_t id, std::string_view n) { return t[id].name < n; });
  return it != s.services.end() && t[*it].name == name ? &t[*it] : nullptr;
}

}  // namespace vsctl::versionset
