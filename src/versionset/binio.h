#pragma once
// Little-endian binary encoding for the VersionSet cache: a writer into a string, and a reader
// that checks every length against what is left, so a corrupt or hostile cache file is refused
// rather than trusted.
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "versionset/oid.h"

namespace vsctl::versionset {

class BinWriter {
 public:
  void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u32(std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out_.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  }
  void u64(std::uint64_t v) {
    for (int i = 0; i < 8; ++i) out_.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  }
  void i64(std::int64_t v) { u64(static_cast<std::uint64_t>(v)); }
  void str(std::string_view s) {
    u32(static_cast<std::uint32_t>(s.size()));
    out_.append(s);
  }
  void oid(const Oid& o) { out_.append(reinterpret_cast<const char*>(o.bytes.data()), o.bytes.size()); }
  std::string& data() { return out_; }

 private:
  std::string out_;
};

class BinReader {
 public:
  explicit BinReader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool at_end() const { return pos_ == in_.size(); }
  std::size_t left() const { return in_.size() - pos_; }

  std::uint8_t u8() { return need(1) ? static_cast<std::uint8_t>(in_[pos_++]) : 0; }
  std::uint32_t u32() {
    if (!need(4)) return 0;
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(static_cast<std::uint8_t>(in_[pos_++])) << (8 * i);
    return v;
  }
  std::uint64_t u64() {
    if (!need(8)) return 0;
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(static_cast<std::uint8_t>(in_[pos_++])) << (8 * i);
    return v;
  }
  std::int64_t i64() { return static_cast<std::int64_t>(u64()); }
  std::string str() {
    std::uint32_t n = u32();
    if (!need(n)) return {};
    std::string s(in_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  Oid oid() {
    Oid o;
    if (!need(o.bytes.size())) return o;
    std::memcpy(o.bytes.data(), in_.data() + pos_, o.bytes.size());
    pos_ += o.bytes.size();
    return o;
  }
  // A count of items each at least `min_item_bytes` long: refused when the rest cannot hold them.
  std::uint32_t count(std::size_t min_item_bytes) {
    std::uint32_t n = u32();
    if (ok_ && static_cast<std::size_t>(n) * min_item_bytes > left()) ok_ = false;
    return ok_ ? n : 0;
  }

 private:
  bool need(std::size_t n) {
    if (!ok_ || n > in_.size() - pos_) {
      ok_ = false;
      return false;
    }
    return true;
  }
  std::string_view in_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace vsctl::versionset
