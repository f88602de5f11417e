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

std::optional<Architecture> checked_view(const Document& doc, const std::string& env, const LoadRequest& req,
                                         SourceTexts& texts, util::Diagnostics& diags) {
  auto view = build_view(doc, env, diags);
  if (!view) return view;
  if (req.read) load_objects(*view, req.manifest_dir, req.read, req.source_prefix, texts, diags);
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
  auto base = checked_view(doc, "", req, out.texts, out.diags);

  std::set<Key> seen;
  for (const auto& d : out.diags.items()) seen.insert(key_of(d));
  std::optional<Architecture> wanted = req.env.empty() ? std::move(base) : std::nullopt;
  bool env_known = req.env.empty();
  for (const auto& re : doc.environments) {
    util::Diagnostics env_diags;
    auto view = checked_view(doc, re.env.name, req, out.texts, env_diags);
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
  out.view = std::move(wanted);
  out.diags.sort_unique();
  return out;
}

}  // namespace vsctl::manifest
