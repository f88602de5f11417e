#include "manifest/promotion.h"

#include <map>
#include <string>

#include "manifest/messages.h"
#include "util/strings.h"

namespace vsctl::manifest {

Promotion read_promotion(Reader& r, const yaml::Node* n, const std::vector<Environment>& environments) {
  Promotion p;
  if (!r.is_seq(n, "spec.promotion")) return p;
  p.loc = r.at(*n);
  if (n->items.empty()) {
    r.error(*n, "empty-promotion", "spec.promotion lists no stages: list at least one, or leave it out");
    return p;
  }
  std::vector<std::string> env_names;
  for (const auto& e : environments) env_names.push_back(e.name);
  const std::string declared =
      env_names.empty() ? std::string(" (it declares none)") : " (it has: " + util::join(env_names, ", ") + ")";
  // The environments there are and the nearest one: for the first few unknown names only, so
  // that a manifest full of them costs neither time nor memory in proportion to the environments.
  int suggestions = kMaxSuggestions;
  auto hint = [&](const std::string& env) {
    return suggestions-- > 0 ? declared + util::did_you_mean(env, env_names) : std::string();
  };
  auto unknown_env = [&](const yaml::Node& at, const std::string& what, const std::string& env) {
    r.error(at, "unknown-environment",
            what + " names environment " + util::quote(env) + ", which spec.environments does not have" + hint(env));
  };
  auto known_env = [&](const std::string& env) {
    for (const auto& e : env_names)
      if (e == env) return true;
    return false;
  };

  static const std::vector<std::string> fields{"stage", "environments", "after", "approval"};
  static const std::vector<std::string> after_fields{"soak"};
  static const std::vector<std::string> approvals{"auto", "manual"};
  std::map<std::string, SourceLoc> stage_names;  // name -> where first written
  std::map<std::string, std::pair<std::string, SourceLoc>> placed;  // environment -> (stage, where)
  for (std::size_t i = 0; i < n->items.size(); ++i) {
    const yaml::Node* item = n->items[i];
    const std::string item_what = "spec.promotion item " + std::to_string(i + 1);
    if (item->resolves_null()) {
      r.error(*item, "wrong-type", item_what + " must be a map with at least \"stage\", not null");
      continue;
    }
    if (!r.is_map(item, item_what)) continue;
    r.known_fields(*item, fields, item_what);
    r.required_fields(*item, std::vector<std::string>{"stage"}, item_what);
    PromotionStage st;
    const yaml::Node* name_node = item->get("stage");
    auto name = r.str(name_node, item_what + ": stage");
    if (!name) continue;  // missing (required_fields said so) or not a string (str said so)
    st.name = *name;
    st.loc = r.at(*name_node);
    const bool name_ok = is_dns1035_label(st.name);
    if (!name_ok) {
      r.error(*name_node, "bad-name",
              "stage name " + util::quote(st.name) +
                  " must be a DNS-1035 label: lower-case letters, digits and '-', starting with a letter, at most 63");
    } else if (auto [it, fresh] = stage_names.emplace(st.name, st.loc); !fresh) {
      r.error(*name_node, "duplicate-stage",
              "stage " + util::quote(st.name) + " is listed twice in spec.promotion; first" + line_note(it->second));
    }
    const std::string what = "stage " + util::quote(st.name);

    // The environments: as written, or the one named as the stage.
    const yaml::Node* envs = item->get("environments");
    if (envs && !envs->resolves_null()) {
      st.environments_written = true;
      if (r.is_seq(envs, what + ".environments")) {
        if (envs->items.empty())
          r.error(*envs, "empty-stage",
                  what + ".environments lists no environments: list at least one, or leave it out to mean the "
                         "environment named " + util::quote(st.name));
        for (const yaml::Node* e : envs->items) {
          if (e->resolves_null()) {
            r.error(*e, "wrong-type", what + ".environments must not contain null items");
            continue;
          }
          auto env = r.str(e, what + ".environments items");
          if (!env) continue;
          if (!known_env(*env)) {
            unknown_env(*e, what, *env);
          } else if (auto [it, fresh] = placed.emplace(*env, std::pair{st.name, r.at(*e)}); !fresh) {
            r.error(*e, "environment-in-two-stages",
                    "environment " + util::quote(*env) + " is in stage " + util::quote(it->second.first) +
                        line_note(it->second.second) + " already; an environment belongs to one stage");
          }
          st.environments.push_back(*env);
        }
      }
    } else if (name_ok) {
      st.environments.push_back(st.name);
      if (!known_env(st.name)) {
        r.error(*name_node, "unknown-environment",
                what + " lists no environments, so it means the environment " + util::quote(st.name) +
                    ", which spec.environments does not have" + hint(st.name) +
                    "; name its environments with \"environments\"");
      } else if (auto [it, fresh] = placed.emplace(st.name, std::pair{st.name, st.loc}); !fresh) {
        r.error(*name_node, "environment-in-two-stages",
                "environment " + util::quote(st.name) + " is in stage " + util::quote(it->second.first) +
                    line_note(it->second.second) + " already; an environment belongs to one stage");
      }
    }

    // after: { soak: DURATION }
    const yaml::Node* after = item->get("after");
    if (after && !after->resolves_null() && i == 0) {
      r.error(*item->key_node("after"), "after-on-first-stage",
              what + " is the first stage: it has no stage before it to wait for; \"after\" belongs on a later stage");
    } else if (r.is_map(after, what + ".after")) {
      r.known_fields(*after, after_fields, what + ".after");
      const yaml::Node* soak = after->get("soak");
      if (auto text = r.str(soak, what + ".after.soak")) {
        auto ms = parse_duration_ms(*text);
        if (!ms || *ms > kMaxSoakMs)
          r.error(*soak, "bad-duration",
                  what + ".after.soak must be a duration such as 90s, 30m or 1h30m (at most 720h), not " +
                      util::quote(*text));
        else
          st.soak_ms = *ms;
      }
    }

    if (auto a = r.one_of(item->get("approval"), what + ".approval", approvals))
      st.approval = *a == "manual" ? PromotionStage::Approval::Manual : PromotionStage::Approval::Auto;
    p.stages.push_back(std::move(st));
  }
  return p;
}

}  // namespace vsctl::manifest
