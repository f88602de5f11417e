#pragma once
// Records in the cluster, through ClusterClient: listed by label (headers only), written before
// the first change as in-progress and completed at the end, trimmed to --history-max.
#include <optional>
#include <string>
#include <vector>

#include "apply/record.h"
#include "kube/cluster_client.h"

namespace vsctl::apply {

// The newest of `newest_first` (RecordStore::list), as RecordStore::latest returns it: with the
// services of the record a failed run was put back to.
std::optional<Record> newest_of(std::vector<Record> newest_first);

class RecordStore {
 public:
  RecordStore(kube::ClusterClient& client, std::string ns, std::string architecture);

  // Every record's header, newest first. A namespace that does not exist has none. A record
  // still marked in-progress whose run no longer holds the lock is returned as abandoned
  // (abandoned.h); the stored record is not changed here.
  // AsStored: the outcomes as written (a run that holds the lock closes the abandoned ones).
  enum class View { Inferred, AsStored };
  util::Result<std::vector<Record>> list(View view = View::Inferred);
  // The LIST that list() sends, for a reader that sends it with others (ClusterClient::list_many),
  // and list() over its answer.
  kube::ClusterClient::ListQuery list_query() const;
  util::Result<std::vector<Record>> from_list(kube::ApiResult<kube::ObjectList> listed, View view = View::Inferred);
  // The newest record, when there is one. When its run failed and --rollback-on-failure put
  // every service back (Record::restored), its services are those of the restored record: what
  // the cluster should run, for status and for the next plan.
  util::Result<std::optional<Record>> latest();
  // The rendered objects a record stored.
  util::Result<std::vector<k8s::Json>> objects(const Record& r);

  // Writes the record (header and objects) as it starts; sets r.revision to the next one.
  util::Result<void> begin(Record& r);
  // Rewrites the header with the outcome.
  util::Result<void> complete(const Record& r);
  // Deletes the oldest records beyond `keep` (never the one of `current`).
  util::Result<void> trim(int keep, int current);

 private:
  std::string selector(const std::string& extra = {}) const;
  void see_abandoned(std::vector<Record>& records);

  kube::ClusterClient& client_;
  std::string ns_, arch_;
};

}  // namespace vsctl::apply
