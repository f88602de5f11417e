#pragma once
// Vetoes: versions of services marked known-bad. apply, plan, rollback and reconcile refuse
// to land on one until it is lifted. They live in the cluster, in one ConfigMap per
// architecture in its namespace:
//
//   name    vsctl.<architecture>.vetoes
//   labels  vsctl.dev/vetoes: <architecture>
//   data    <service>_<version>: {"service":..,"version":..,"reason":..,"by":..,"at": RFC 3339}
//
// ConfigMap keys allow only letters, digits, '-', '_' and '.', so the key joins service and
// version with '_' (service names never contain one) and replaces any other character of the
// version with '_'; the value carries both exactly, and is what decoding reads.
// Encoding, decoding and the check are pure; VetoStore reads and writes through ClusterClient.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "k8s/json.h"
#include "kube/cluster_client.h"
#include "util/error.h"

namespace vsctl::apply {

inline constexpr std::string_view kLabelVetoes = "vsctl.dev/vetoes";  // the architecture

struct Veto {
  std::string service, version;
  std::string reason;
  std::string by;  // "user@host"
  std::string at;  // RFC 3339
  bool operator==(const Veto&) const = default;
};

// "vsctl.<architecture>.vetoes".
std::string veto_configmap_name(std::string_view architecture);
// The data key of service@version.
std::string veto_key(std::string_view service, std::string_view version);
// "cart@2.2.0" -> {cart, 2.2.0}; Usage error naming the argument otherwise.
util::Result<std::pair<std::string, std::string>> parse_service_at_version(std::string_view text);

// The ConfigMap holding `vetoes` (sorted by key).
k8s::Json encode_vetoes(std::string_view architecture, std::string_view ns, const std::vector<Veto>& vetoes);
// The vetoes of a ConfigMap, sorted by service then version; an entry that does not decode is
// an error naming its key (a hand-edited list is not silently ignored).
util::Result<std::vector<Veto>> decode_vetoes(const k8s::Json& configmap);

// The first vetoed version among `desired` (service -> version), as a Refused error (exit 8)
// naming service@version, the reason, who and when, and how to lift it.
util::Result<void> check_vetoes(const std::vector<Veto>& vetoes, const std::map<std::string, std::string>& desired);
// The refusal message for one veto.
std::string veto_refusal(const Veto& v);

class VetoStore {
 public:
  VetoStore(kube::ClusterClient& client, std::string ns, std::string architecture);

  // Every veto; none when the ConfigMap (or the namespace) does not exist.
  util::Result<std::vector<Veto>> list();
  // The same read as a LIST (the ConfigMap by name), for a reader that sends it with others
  // (ClusterClient::list_many), and list() over its answer.
  kube::ClusterClient::ListQuery list_query() const;
  util::Result<std::vector<Veto>> from_list(kube::ApiResult<kube::ObjectList> listed) const;
  // Adds (or replaces the reason of) a veto; false when that exact veto was already there.
  // Retries a lost race (409) a few times.
  util::Result<bool> add(const Veto& v);
  // Lifts a veto; false when there was none.
  util::Result<bool> remove(std::string_view service, std::string_view version);

 private:
  util::Result<std::optional<k8s::Json>> read();
  util::Result<bool> write(std::optional<k8s::Json> current, const std::vector<Veto>& vetoes);

  kube::ClusterClient& client_;
  std::string ns_, arch_;
};

}  // namespace vsctl::apply
