/** The state that outlives a process: hook targets, pinned attachments, the policy store, locks, pruning. */
module io.jnetkit.hooks {
    requires transitive io.jnetkit.rtnetlink;
    requires transitive io.jnetkit.bpf;
    requires transitive io.jnetkit.policy;

    exports io.jnetkit.hooks;
}
