#include "manifest/load.h"

#include <set>
#include <tuple>

#include "manifest/check.h"
#include "manifest/document.h"
#include "manifest/objects.h"
#include "manifest/view.h"
#include "util/strings.h"

namespace vsctl::manifest {

namespace {

// `loaded`: see load_objects; given for views that are only checked.
std::optional<Architecture> checked_view(const Document& doc, const std::string& env, const LoadRequest& req,
                                         SourceTexts& texts, ObjectFiles& files, util::Diagnostics& diags,
                                         const Architecture* loaded = nullptr) {
  auto view = build_view(doc, env, diags);
  if (!view) return view;
  if (req.read) load_objects(*view, req.manifest_dir, req.read, req.source_prefix, texts, files, diags, loaded);
  check_view(*view, diags);
  return view;
}

using Key = std::tuple<std::string, int, int, std::string>;
Key key_of(const util::Diagnostic& d) { return {d.loc.source, d.loc.line, d.loc.col, d.message}; }

}  // namespace

Loaded load(const LoadRequest& req) {
  Loaded out;
  Document doc = parse_document(req.source_name, req.text, out.diags);
  out.texts.emplace(req.source_name, doc.text);
  if (!doc.usable) {
    out.diags.sort_unique();
    return out;
  }
  ObjectFiles files;  // each objects file read once for all views
  auto base = checked_view(doc, "", req, out.texts, files, out.diags);
  if (base && req.visit) req.visit("", *base, !out.diags.has_errors());

  std::set<Key> seen;
  for (const auto& d : out.diags.items()) seen.insert(key_of(d));
  std::optional<Architecture> wanted;
  bool env_known = req.env.empty();
  for (const auto& re : doc.environments) {
    util::Diagnostics env_diags;
    // a view only checked need not copy the objects the base view has checked
    const Architecture* loaded = re.env.name == req.env || !base || req.visit ? nullptr : &*base;
    auto view = checked_view(doc, re.env.name, req, out.texts, files, env_diags, loaded);
    if (view && req.visit) req.visit(re.env.name, *view, !env_diags.has_errors());
    for (auto d : env_diags.items()) {
      if (seen.count(key_of(d))) continue;
      d.message = "environment " + util::quote(re.env.name) + ": " + d.message;
      out.diags.add(std::move(d));
    }
    if (re.env.name == req.env) {
      wanted = std::move(view);
      env_known = true;
    }
  }
  if (!env_known) build_view(doc, req.env, out.diags);  // reports the unknown environment
  out.view = req.env.empty() ? std::move(base) : std::move(wanted);
  out.diags.sort_unique();
  return out;
}

}  // namespace vsctl::manifest
