// The fish completion script: one `complete` line per command, option and argument, each under
// a condition on the subcommands typed so far (__vsctl_at PATH).
#include "cli/completion_scripts.h"
#include "util/strings.h"

namespace vsctl::cli {

namespace {

// Single-quoted for fish.
std::string fish_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

// The `complete` arguments that offer a value of this kind.
std::string value_args(const OptionInfo& o) {
  switch (o.kind) {
    case ValueKind::None: return "";
    case ValueKind::Choice: return " -x -a " + fish_quote(util::join(o.choices, " "));
    case ValueKind::File: return " -r -F";
    case ValueKind::Dir: return " -x -a '(__fish_complete_directories (commandline -ct))'";
    case ValueKind::Env: return " -x -a '(__vsctl_names envs)'";
    case ValueKind::Service: return " -x -a '(__vsctl_names services)'";
    case ValueKind::Rev: return " -x -a '(__vsctl_names revs)'";
    case ValueKind::Any: return " -x";
  }
  return "";
}

std::string option_line(const std::string& condition, const OptionInfo& o) {
  std::string line = "complete -c vsctl" + condition;
  for (const auto& n : o.names) {
    if (n.rfind("--", 0) == 0) line += " -l " + fish_quote(n.substr(2));
    else if (n.size() == 2) line += " -s " + fish_quote(n.substr(1));
    else line += " -o " + fish_quote(n.substr(1));
  }
  return line + value_args(o) + " -d " + fish_quote(o.help) + "\n";
}

constexpr const char* kHelpers = R"SH(function __vsctl_value --argument-names cmdpath option --description 'vsctl: whether OPTION of PATH takes a value'
    switch "$cmdpath $option"
%VALUES%    end
    return 1
end

function __vsctl_commands --argument-names cmdpath --description 'vsctl: the subcommands of PATH'
    switch "$cmdpath"
%COMMANDS%    end
end

# Prints three lines, each with a leading x so that none is empty: the positional arguments of
# the command so far, the option waiting for its value, and the subcommands typed so far.
function __vsctl_state
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l cmdpath ''
    set -l npos 0
    set -l pending ''
    for w in $tokens
        if test -n "$pending"
            set pending ''
            continue
        end
        switch $w
            case '--*=*'
                continue
            case '-*'
                if __vsctl_value "$cmdpath" $w; or __vsctl_value '' $w
                    set pending $w
                end
                continue
        end
        if contains -- $w (string split ' ' -- (__vsctl_commands "$cmdpath"))
            set cmdpath (string trim -- "$cmdpath $w")
            set npos 0
        else
            set npos (math $npos + 1)
        end
    end
    echo x$npos
    echo x$pending
    echo x$cmdpath
end

# (an option's value is completed under the same condition as the option)
function __vsctl_at --argument-names want --description 'vsctl: the line is at command PATH'
    set -l s (__vsctl_state)
    test "$s[3]" = "x$want"
end

function __vsctl_positional --argument-names want index more --description 'vsctl: the next argument of PATH is number INDEX'
    set -l s (__vsctl_state)
    test "$s[2]" = x; and test "$s[3]" = "x$want"; or return 1
    set -l n (string sub -s 2 -- $s[1])
    test "$n" = "$index"; or begin; test -n "$more"; and test "$n" -ge "$index"; end
end

# The candidates are the lines printed, taken as they are (fish never expands them again).
function __vsctl_names --description 'vsctl: environment or service names from the manifest, revisions from git'
    set -l tokens (commandline -opc)
    set -l ctx
    for i in (seq 2 (math (count $tokens) - 1))
        switch $tokens[$i]
            case -C -f --file
                set ctx $ctx $tokens[$i] $tokens[(math $i + 1)]
        end
    end
    command $tokens[1] $ctx __complete $argv[1] 2>/dev/null
end

complete -c vsctl -f
)SH";

std::string replace(std::string text, const std::string& what, const std::string& with) {
  auto at = text.find(what);
  if (at != std::string::npos) text.replace(at, what.size(), with);
  return text;
}

}  // namespace

std::string fish_completion(const CommandInfo& root) {
  auto all = flatten(root);
  std::string values, commands, lines;
  for (const CommandInfo* c : all) {
    std::string path = c->name();
    std::string at = " -n " + fish_quote("__vsctl_at " + fish_quote(path));
    if (!c->subcommands.empty()) {
      std::vector<std::string> names;
      for (const auto& s : c->subcommands) {
        names.push_back(s.path.back());
        lines += "complete -c vsctl" + at + " -a " + fish_quote(s.path.back()) + " -d " + fish_quote(s.description) + "\n";
      }
      commands += "        case " + fish_quote(path) + "\n            echo " + fish_quote(util::join(names, " ")) + "\n";
    }
    for (const auto& o : c->options) {
      // the root's options are accepted after any command
      lines += option_line(path.empty() ? std::string() : at, o);
      if (o.kind == ValueKind::None) continue;
      std::string pats;
      for (const auto& n : o.names) pats += " " + fish_quote(path + " " + n);
      values += "        case" + pats + "\n            return 0\n";
    }
    for (std::size_t i = 0; i < c->positionals.size(); ++i) {
      const auto& p = c->positionals[i];
      std::string args = value_args(p);
      if (p.kind == ValueKind::Any || args.empty()) continue;
      bool more = p.repeatable && i + 1 == c->positionals.size();
      std::string cond = "__vsctl_positional " + fish_quote(path) + " " + std::to_string(i) + (more ? " more" : "");
      lines += "complete -c vsctl -n " + fish_quote(cond) + args + "\n";
    }
  }
  std::string helpers = replace(replace(kHelpers, "%VALUES%", values), "%COMMANDS%", commands);
  return "# fish completion for vsctl, generated from its command tree by 'vsctl completion fish'.\n" + helpers +
         lines;
}

}  // namespace vsctl::cli
