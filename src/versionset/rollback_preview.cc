#include "versionset/rollback_preview.h"

#include <algorithm>

#include "util/strings.h"
#include "versionset/rollback_input.h"

namespace vsctl::versionset {

namespace {

// The version `service` has at revision `rev` (its VersionSet summary), as a candidate.
util::Result<Candidate> version_at(HistoryReader& reader, SourceReader& src, const RecordTable& t, const std::string& rev,
                                   const std::string& service, std::size_t age) {
  VSCTL_TRY(id, src.resolve(rev));
  VSCTL_TRY(rec, reader.record(id));
  if (!rec->manifest) return util::fail(util::ErrorKind::Git, "--to " + util::quote(rev) + " (" + id.short_hex() + ") has no manifest");
  VSCTL_TRY(sum, reader.summary(*rec->manifest));
  const ServiceRecord* r = sum->usable ? find_service(t, *sum, service) : nullptr;
  if (!r)
    return util::fail(util::ErrorKind::Refused, "--to " + util::quote(rev) + " (" + id.short_hex() + ") has no service " +
                                                    util::quote(service) + " to roll back to");
  Candidate c;
  c.version = r->version;
  c.depends_on = r->depends_on;
  c.commit = id.hex();
  c.age = age;
  return c;
}

}  // namespace

util::Result<RollbackRequest> preview_request(HistoryReader& reader, SourceReader& src, const RecordTable& t,
                                              const std::vector<VersionSetEntry>& newest_first, const PreviewRequest& p) {
  RollbackRequest req;
  req.services = service_versions(t, newest_first);
  for (const auto& name : p.services) {
    auto it = std::find_if(req.services.begin(), req.services.end(), [&](const auto& s) { return s.service == name; });
    if (it == req.services.end()) {
      std::vector<std::string> names;
      for (const auto& s : req.services) names.push_back(s.service);
      return util::fail(util::ErrorKind::Usage, "there is no service " + util::quote(name) + " at " + p.from_label +
                                                    util::did_you_mean(name, names));
    }
    std::string target;
    if (!p.to.empty()) {
      VSCTL_TRY(c, version_at(reader, src, t, p.to, name, newest_first.size()));
      target = c.version;
      bool known = it->current.version == target;
      for (const auto& e : it->earlier) known = known || e.version == target;
      if (!known) it->earlier.push_back(std::move(c));  // not on this branch: its definition at --to
    } else {
      auto prev = previous_version(t, newest_first, name);
      if (!prev)
        return util::fail(util::ErrorKind::Refused, name + " has had version " + it->current.version +
                                                        " in every VersionSet of the history of " + p.from_label +
                                                        ": there is nothing to roll it back to (name a revision with --to REV)");
      target = *prev;
    }
    req.targets[name] = target;
  }
  return req;
}

}  // namespace vsctl::versionset
