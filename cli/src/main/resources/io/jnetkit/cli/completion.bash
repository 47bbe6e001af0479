# bash completion for jnetkit (jnetkit completion bash). The candidates come from
# `jnetkit __complete -- WORD...`: commands and options from the CLI's own model, device
# names, namespace names and pinned hooks from the kernel, as ip's completion lists devices.
_jnetkit() {
    local cur=${COMP_WORDS[COMP_CWORD]} out
    local IFS=$'\n'
    out=$("${COMP_WORDS[0]}" __complete -- "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null) || return 0
    if [[ $out == ":files" ]]; then
        COMPREPLY=($(compgen -f -- "$cur"))
        compopt -o filenames 2>/dev/null
        return 0
    fi
    COMPREPLY=($out)
}
complete -F _jnetkit jnetkit
