#pragma once
// Vetoes across the fleet: when the manifest has promotion stages (and no --env, --context or
// -n picks one cluster), veto and unveto write to every environment of the pipeline, and
// veto --list shows where each veto is recorded, so a version stopped in one place is stopped
// everywhere. promote reads every environment's list as well.
#include <optional>
#include <string>

#include "apply/veto.h"
#include "cli/app.h"
#include "manifest/model.h"

namespace vsctl::cli {

// The manifest's base view when vetoes go fleet-wide; nullopt for one cluster.
util::Result<std::optional<manifest::Architecture>> fleet_for_vetoes(const Globals& g);

enum class VetoAction { Add, Remove };

// Writes (or lifts) `v` in every environment of the pipeline; exit 5 when one could not be written.
util::Result<int> fleet_veto(const Globals& g, const manifest::Architecture& arch, const apply::Veto& v, VetoAction action);

// Every environment's vetoes, merged: each veto once, with the environments that hold it.
util::Result<int> fleet_veto_list(const Globals& g, const manifest::Architecture& arch, bool json);

}  // namespace vsctl::cli
