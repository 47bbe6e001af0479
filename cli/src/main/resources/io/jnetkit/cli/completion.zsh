#compdef jnetkit
# zsh completion for jnetkit (jnetkit completion zsh > a directory on $fpath, as _jnetkit).
# The candidates come from `jnetkit __complete -- WORD...`, as for bash.
_jnetkit() {
    local -a cands
    cands=("${(@f)$(${words[1]} __complete -- "${(@)words[2,CURRENT]}" 2>/dev/null)}")
    if [[ ${cands[1]} == ":files" ]]; then
        _files
        return
    fi
    (( ${#cands} )) && [[ -n ${cands[1]} ]] && compadd -Q -- "${cands[@]}"
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
    _jnetkit "$@"
else
    compdef _jnetkit jnetkit
fi
