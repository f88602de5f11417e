#include "cli/completion_model.h"

#include <algorithm>
#include <sstream>

namespace vsctl::cli {

namespace {

bool contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

// CLI::IsMember describes itself as "{a,b,c}" after the type name: "TEXT:{text,json}".
std::vector<std::string> choices_of(const std::string& type_name) {
  std::vector<std::string> out;
  auto open = type_name.find(":{");
  auto close = type_name.find('}', open == std::string::npos ? 0 : open);
  if (open == std::string::npos || close == std::string::npos) return out;
  std::string item;
  std::istringstream in(type_name.substr(open + 2, close - open - 2));
  while (std::getline(in, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

ValueKind kind_of(const OptionInfo& o, const std::string& name) {
  if (!o.choices.empty()) return ValueKind::Choice;
  const std::string& v = o.value_name;
  if (name == "--env") return ValueKind::Env;
  if (name == "--service" || contains(name, "SERVICE")) return ValueKind::Service;
  if (contains(name, "REV") || v == "REV") return ValueKind::Rev;
  if (v == "FILE") return ValueKind::File;
  if (v == "DIR" || contains(v, "DIR")) return ValueKind::Dir;
  return ValueKind::Any;
}

OptionInfo option_info(const CLI::Option& opt) {
  OptionInfo o;
  o.help = opt.get_description();
  o.required = opt.get_required();
  std::string full_type = opt.get_type_name();
  bool flag = opt.get_items_expected_max() == 0 && !opt.get_positional();
  if (!flag) {
    o.value_name = full_type.substr(0, full_type.find(':'));
    o.choices = choices_of(full_type);
  }
  if (opt.get_positional()) {
    o.names.push_back(opt.get_single_name());
    o.value_name = o.names.front();
    o.repeatable = opt.get_items_expected_max() > 1;
    o.kind = kind_of(o, o.names.front());
    return o;
  }
  for (const auto& s : opt.get_snames()) o.names.push_back("-" + s);
  for (const auto& l : opt.get_lnames()) o.names.push_back("--" + l);
  o.kind = flag ? ValueKind::None : kind_of(o, o.names.back());
  return o;
}

CommandInfo describe_at(const CLI::App& app, std::vector<std::string> path) {
  CommandInfo c;
  c.path = path;
  c.description = app.get_description();
  c.footer = app.get_footer();
  c.needs_subcommand = app.get_require_subcommand_min() > 0;
  for (const CLI::Option* opt : app.get_options()) {
    if (opt->get_group().empty()) continue;  // hidden
    OptionInfo o = option_info(*opt);
    (opt->get_positional() ? c.positionals : c.options).push_back(std::move(o));
  }
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (sub->get_group().empty()) continue;  // hidden
    auto p = path;
    p.push_back(sub->get_name());
    c.subcommands.push_back(describe_at(*sub, std::move(p)));
  }
  return c;
}

void flatten_into(const CommandInfo& c, std::vector<const CommandInfo*>& out) {
  out.push_back(&c);
  for (const auto& s : c.subcommands) flatten_into(s, out);
}

}  // namespace

std::string CommandInfo::name() const {
  std::string out;
  for (const auto& p : path) out += (out.empty() ? "" : " ") + p;
  return out;
}

std::string CommandInfo::file_name() const {
  std::string out = "vsctl";
  for (const auto& p : path) out += "-" + p;
  return out;
}

CommandInfo describe(const CLI::App& app) { return describe_at(app, {}); }

std::vector<const CommandInfo*> flatten(const CommandInfo& root) {
  std::vector<const CommandInfo*> out;
  flatten_into(root, out);
  return out;
}

std::string usage(const CommandInfo& c) {
  std::string out = "vsctl";
  if (!c.path.empty()) out += " " + c.name();
  if (!c.options.empty()) out += " [OPTIONS]";
  if (!c.subcommands.empty()) out += c.needs_subcommand ? " COMMAND" : " [COMMAND]";
  for (const auto& p : c.positionals) {
    std::string n = p.names.front() + (p.repeatable ? "..." : "");
    out += " " + (p.required ? n : "[" + n + "]");
  }
  return out;
}

Footer split_footer(const std::string& footer) {
  Footer f;
  std::istringstream in(footer);
  std::string line;
  bool examples = false, done = false;
  std::size_t indent = std::string::npos;
  while (std::getline(in, line)) {
    if (!examples && !done && line.rfind("Examples:", 0) == 0) {
      examples = true;
      continue;
    }
    if (examples) {
      auto start = line.find_first_not_of(' ');
      if (start != std::string::npos) {
        // the first example's indentation is the section's; deeper lines continue an example
        if (indent == std::string::npos) indent = start;
        f.examples.push_back(line.substr(std::min(start, indent)));
        continue;
      }
      examples = false;  // a blank line ends the examples; what follows is notes again
      done = true;
      continue;
    }
    if (!examples) {
      f.notes += line + "\n";
    }
  }
  while (!f.notes.empty() && (f.notes.back() == '\n' || f.notes.back() == ' ')) f.notes.pop_back();
  return f;
}

}  // namespace vsctl::cli
