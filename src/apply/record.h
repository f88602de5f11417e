#pragma once
// The record of one apply, rollback or destroy, as stored in the cluster (docs/record.md):
// Secrets of type vsctl.dev/record.v1 in the architecture's namespace. The header Secret
// "vsctl.<architecture>.v<N>" holds the record as gzip'd JSON; the rendered objects follow in
// part Secrets "vsctl.<architecture>.v<N>.<i>" (gzip'd JSON, split at about 900 KiB each).
// Encoding and decoding are pure; record_store.h reads and writes them.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "k8s/json.h"
#include "util/error.h"

namespace vsctl::apply {

inline constexpr std::string_view kRecordType = "vsctl.dev/record.v1";
inline constexpr std::string_view kLabelRecord = "vsctl.dev/record";      // the architecture
inline constexpr std::string_view kLabelRevision = "vsctl.dev/revision";  // N
inline constexpr std::string_view kLabelPart = "vsctl.dev/part";          // "header" or the part index
inline constexpr std::string_view kLabelOutcome = "vsctl.dev/outcome";
inline constexpr std::size_t kPartBytes = 900 * 1024;

// What a run did: the record's "operation". Parsed at the JSON edge (header_from_json).
enum class Operation { Apply, Destroy, Rollback, Reconcile, Promote };
const char* to_string(Operation op);  // "apply", "destroy", "rollback", "reconcile", "promote"
std::optional<Operation> parse_operation(std::string_view s);

// How a run ended (or that it still runs): the record's "outcome".
enum class Outcome { InProgress, Succeeded, Failed, Interrupted, Abandoned };
const char* to_string(Outcome o);  // "in-progress", "succeeded", "failed", "interrupted", "abandoned"
std::optional<Outcome> parse_outcome(std::string_view s);

struct RecordedServiceEntry {
  std::string name;
  std::string change;   // Provision, Update, Rollback, Scale, Destroy
  std::string from_version, to_version;
  std::string digest;   // the definition digest it was applied with
  std::string outcome;  // succeeded, failed, skipped, cancelled, pending, abandoned
  std::string reason;
  std::vector<std::string> written = {};  // a step that did not succeed: what it changed before it ended
  std::string message = {};               // a step that did not succeed: why, as it said it (the cause)
  k8s::Json rollout = nullptr;            // a progressive rollout: its steps, weight and analyses (rollout::Progress)
};

// Where a promoted VersionSet came from (vsctl promote): the stage it left, the stage it entered,
// and the record of each environment of the stage before that had it converged.
struct PromotedFrom {
  struct Source {
    std::string environment;
    int revision = 0;
    bool operator==(const Source&) const = default;
  };
  std::string stage, to_stage;
  std::vector<Source> sources;
  bool operator==(const PromotedFrom&) const = default;
};

struct Record {
  int revision = 0;
  Operation operation = Operation::Apply;
  std::string architecture, ns, environment;
  std::string commit;       // the VersionSet's commit, "" when the tree was dirty or not in git
  std::string tree_digest;  // sha256 of the manifest and objects files read, for a dirty tree
  bool dirty = false;
  std::string who;
  std::string started, finished;  // RFC 3339
  Outcome outcome = Outcome::InProgress;
  std::string message;
  std::string takeover;  // whose expired lock this run took over, and the record it closed
  int restored = 0;      // --rollback-on-failure put every service back to this revision's objects
  std::string plan_digest;
  std::vector<RecordedServiceEntry> changed;    // services this run touched
  std::map<std::string, k8s::Json> services;    // every desired service: {version, digest, definition}
  // services removed from the manifest but left running (no --prune), as last recorded: their
  // dependencies let a later prune destroy them dependents first
  std::map<std::string, k8s::Json> left_alone;
  std::optional<PromotedFrom> promoted_from;    // a promote's source ("promotedFrom")
  std::vector<k8s::Json> objects;               // the rendered objects (loaded on demand)
  int parts = 0;                                // how many part Secrets hold the objects
};

std::string header_name(std::string_view architecture, int revision);
std::string part_name(std::string_view architecture, int revision, int part);

k8s::Json header_json(const Record& r);
// "promotedFrom": {"stage", "toStage", "sources": [{"environment", "revision"}]}
k8s::Json to_json(const PromotedFrom& p);
util::Result<Record> header_from_json(const k8s::Json& j);

// The Secrets of a record: the header first, then the parts of its objects.
std::vector<k8s::Json> encode(const Record& r);
// Only the header Secret (to complete a record: objects are written once, at the start).
k8s::Json encode_header(const Record& r);
// A record from its header Secret.
util::Result<Record> decode_header(const k8s::Json& secret);
// Its objects from its part Secrets (any order).
util::Result<std::vector<k8s::Json>> decode_objects(const std::vector<k8s::Json>& parts);

}  // namespace vsctl::apply
