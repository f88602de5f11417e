// The bash and zsh completion scripts. Both share the same data functions (plain `case`
// statements both shells read) and differ only in the driver that walks the line and offers
// the candidates.
#include "cli/completion_scripts.h"
#include "util/strings.h"

namespace vsctl::cli {

namespace {

// Single-quoted for sh.
std::string sh_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// _vsctl_commands PATH, _vsctl_options PATH, _vsctl_value PATH OPTION,
// _vsctl_positional PATH INDEX, _vsctl_described PATH (name:description lines).
std::string data_functions(const CommandInfo& root) {
  auto all = flatten(root);
  std::string cmds = "_vsctl_commands() {  # PATH -> its subcommands\n  case \"$1\" in\n";
  std::string described = "_vsctl_described() {  # PATH -> NAME:DESCRIPTION lines\n  case \"$1\" in\n";
  std::string opts = "_vsctl_options() {  # PATH -> its options\n  case \"$1\" in\n";
  std::string vals = "_vsctl_value() {  # PATH OPTION -> what its value is; nothing for a flag\n  case \"$1 $2\" in\n";
  std::string pos = "_vsctl_positional() {  # PATH INDEX -> what that argument is\n  case \"$1\" in\n";
  for (const CommandInfo* c : all) {
    std::string path = c->name();
    if (!c->subcommands.empty()) {
      std::vector<std::string> names;
      std::string lines;
      for (const auto& s : c->subcommands) {
        names.push_back(s.path.back());
        lines += s.path.back() + ":" + s.description + "\n";
      }
      cmds += "    " + sh_quote(path) + ") echo " + sh_quote(util::join(names, " ")) + " ;;\n";
      described += "    " + sh_quote(path) + ") printf '%s' " + sh_quote(lines) + " ;;\n";
    }
    std::vector<std::string> names;
    for (const auto& o : c->options)
      for (const auto& n : o.names) names.push_back(n);
    if (!names.empty()) opts += "    " + sh_quote(path) + ") echo " + sh_quote(util::join(names, " ")) + " ;;\n";
    for (const auto& o : c->options) {
      std::string k = kind_word(o);
      if (o.kind == ValueKind::None) continue;
      if (k.empty()) k = "any";
      std::string pats;
      for (const auto& n : o.names) pats += (pats.empty() ? "" : "|") + sh_quote(path + " " + n);
      vals += "    " + pats + ") echo " + sh_quote(k) + " ;;\n";
    }
    if (!c->positionals.empty()) {
      pos += "    " + sh_quote(path) + ")\n      case \"$2\" in\n";
      for (std::size_t i = 0; i < c->positionals.size(); ++i) {
        const auto& p = c->positionals[i];
        std::string k = kind_word(p);
        if (k.empty()) continue;
        bool last = i + 1 == c->positionals.size();
        pos += "        " + (last && p.repeatable ? std::string("*") : std::to_string(i)) + ") ";
        if (last && p.repeatable) pos += "[ \"$2\" -ge " + std::to_string(i) + " ] && ";
        pos += "echo " + sh_quote(k) + " ;;\n";
      }
      pos += "      esac ;;\n";
    }
  }
  const char* end = "  esac\n}\n";
  return cmds + end + described + end + opts + end + vals + end + pos + end;
}

// The walk over the words before the cursor, the same in both shells: `cmdpath` (the
// subcommands so far), `npos` (positional arguments of that command so far), `pending` (an
// option whose value is the word under the cursor), and the -C / -f options to pass on.
constexpr const char* kWalk = R"SH(  local cmdpath='' w v npos=0 pending=''
  _vsctl_ctx=()
  for w in "${_vsctl_before[@]}"; do
    if [ -n "$pending" ]; then
      case $pending in
        -C) _vsctl_ctx+=(-C "$w") ;;
        -f|--file) _vsctl_ctx+=(-f "$w") ;;
      esac
      pending=''
      continue
    fi
    case $w in
      --*=*) continue ;;
      -*)
        v=$(_vsctl_value "$cmdpath" "$w")
        [ -z "$v" ] && v=$(_vsctl_value '' "$w")
        [ -n "$v" ] && pending=$w
        continue ;;
    esac
    case " $(_vsctl_commands "$cmdpath") " in
      *" $w "*) cmdpath=${cmdpath:+$cmdpath }$w; npos=0 ;;
      *) npos=$((npos + 1)) ;;
    esac
  done
)SH";

std::string header(const char* shell) {
  return std::string("# ") + shell +
         " completion for vsctl, generated from its command tree by 'vsctl completion " + shell +
         "'.\n# Environment and service names come from the manifest ('vsctl __complete'), revisions from git.\n";
}

}  // namespace

std::string kind_word(const OptionInfo& o) {
  switch (o.kind) {
    case ValueKind::Choice: return "choice " + util::join(o.choices, " ");
    case ValueKind::File: return "file";
    case ValueKind::Dir: return "dir";
    case ValueKind::Env: return "env";
    case ValueKind::Service: return "service";
    case ValueKind::Rev: return "rev";
    case ValueKind::None:
    case ValueKind::Any: break;
  }
  return "";
}

std::string bash_completion(const CommandInfo& root) {
  return header("bash") + data_functions(root) +
         R"SH(_vsctl_names() {  # envs|services|revs: from the manifest the line names (-C, -f), and git
  "$_vsctl_bin" "${_vsctl_ctx[@]}" __complete "$1" 2>/dev/null
}
_vsctl_add() {  # CUR: appends the lines on stdin that start with CUR to COMPREPLY, as they are
  local w
  while IFS= read -r w; do
    [[ -n $w && $w == "$1"* ]] && COMPREPLY+=("$w")
  done
}
_vsctl_offer() {  # KIND CUR: appends the candidates to COMPREPLY (never expanded: compgen -W
  local kind=$1 cur=$2  # would run what a name from the repository says)
  case $kind in
    choice\ *) _vsctl_add "$cur" < <(printf '%s\n' "${kind#choice }" | tr ' ' '\n') ;;
    file) compopt -o filenames 2>/dev/null; _vsctl_add "" < <(compgen -f -- "$cur") ;;
    dir) compopt -o filenames 2>/dev/null; _vsctl_add "" < <(compgen -d -- "$cur") ;;
    env) _vsctl_add "$cur" < <(_vsctl_names envs) ;;
    service) _vsctl_add "$cur" < <(_vsctl_names services) ;;
    rev) _vsctl_add "$cur" < <(_vsctl_names revs) ;;
  esac
}
_vsctl() {
  local cur=${COMP_WORDS[COMP_CWORD]} kind
  local -a _vsctl_before=("${COMP_WORDS[@]:1:COMP_CWORD-1}") _vsctl_ctx
  local _vsctl_bin=${COMP_WORDS[0]}
  COMPREPLY=()
)SH" + kWalk +
         R"SH(  if [ -n "$pending" ]; then
    kind=$(_vsctl_value "$cmdpath" "$pending")
    [ -z "$kind" ] && kind=$(_vsctl_value '' "$pending")
    _vsctl_offer "$kind" "$cur"
    return 0
  fi
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$(_vsctl_options "$cmdpath") ${cmdpath:+$(_vsctl_options '')}" -- "$cur"))
    return 0
  fi
  COMPREPLY=($(compgen -W "$(_vsctl_commands "$cmdpath")" -- "$cur"))
  _vsctl_offer "$(_vsctl_positional "$cmdpath" "$npos")" "$cur"
  return 0
}
complete -F _vsctl vsctl
)SH";
}

std::string zsh_completion(const CommandInfo& root) {
  return "#compdef vsctl\n" + header("zsh") + data_functions(root) +
         R"SH(_vsctl_names() {  # envs|services|revs: from the manifest the line names (-C, -f), and git
  "$_vsctl_bin" "${_vsctl_ctx[@]}" __complete "$1" 2>/dev/null
}
_vsctl_offer() {  # KIND (compadd takes each name as it is and quotes it on the line)
  local kind=$1
  case $kind in
    choice\ *) compadd -- ${=${kind#choice }} ;;
    file) _files ;;
    dir) _files -/ ;;
    env) compadd -- ${(f)"$(_vsctl_names envs)"} ;;
    service) compadd -- ${(f)"$(_vsctl_names services)"} ;;
    rev) compadd -- ${(f)"$(_vsctl_names revs)"} ;;
  esac
}
_vsctl() {
  local kind cur=${words[CURRENT]}
  local -a _vsctl_before _vsctl_ctx described
  _vsctl_before=("${(@)words[2,CURRENT-1]}")
  local _vsctl_bin=${words[1]}
)SH" + kWalk +
         R"SH(  if [ -n "$pending" ]; then
    kind=$(_vsctl_value "$cmdpath" "$pending")
    [ -z "$kind" ] && kind=$(_vsctl_value '' "$pending")
    _vsctl_offer "$kind"
    return 0
  fi
  if [[ $cur == -* ]]; then
    compadd -- ${=$(_vsctl_options "$cmdpath")} ${=${cmdpath:+$(_vsctl_options '')}}
    return 0
  fi
  described=(${(f)"$(_vsctl_described "$cmdpath")"})
  (( ${#described} )) && _describe -t commands 'vsctl command' described
  _vsctl_offer "$(_vsctl_positional "$cmdpath" "$npos")"
  return 0
}
if [ "$funcstack[1]" = _vsctl ]; then
  _vsctl "$@"
else
  compdef _vsctl vsctl
fi
)SH";
}

}  // namespace vsctl::cli
