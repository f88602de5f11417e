// libFuzzer target: the history cache reader on arbitrary bytes. The cache files carry a CRC-32
// that a random change fails, so the target writes the header a valid file starts with (magic,
// format, key) and feeds the input as the body: the decoder behind the checksum must reject any
// body, or accept it, without crashing, looping or believing sizes it cannot hold. The first
// byte picks the file (commits or summaries).
#include <cstddef>
#include <cstdint>
#include <string>

#include "versionset/binio.h"
#include "versionset/store.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  bool commits = data[0] & 1;
  vsctl::versionset::BinWriter w;
  w.data().append(commits ? vsctl::versionset::kCommitsMagic : vsctl::versionset::kSummariesMagic);
  w.u32(vsctl::versionset::kCacheFormat);
  w.str("architecture.yaml\n");
  w.data().append(reinterpret_cast<const char*>(data + 1), size - 1);
  vsctl::versionset::Store store;
  if (commits) (void)vsctl::versionset::decode_commits(w.data(), "architecture.yaml\n", store);
  else (void)vsctl::versionset::decode_summaries(w.data(), "architecture.yaml\n", store);
  // whatever was accepted encodes again
  (void)vsctl::versionset::encode_commits("architecture.yaml\n", store);
  return 0;
}
