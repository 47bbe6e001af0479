package io.jnetkit.cli.policy;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jnetkit policy …}. */
@Command(name = "policy", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {
                "Allow/deny policies compiled to BPF by jnetkit itself (no clang), on netkit and tcx hooks.",
                "",
                "A policy is rules in order, first match wins, then a default, e.g.",
                "  'count deny tcp dport 12345; allow any'",
                "",
                "Examples:",
                "  jnetkit policy apply nk0 peer 'count deny tcp dport 12345; allow any'",
                "  jnetkit policy stats nk0 peer --watch",
                "  jnetkit policy apply nk0 peer -f policy.txt        # replaces it atomically",
                "  jnetkit policy show nk0 peer",
                "  jnetkit policy remove nk0 peer",
                "  jnetkit policy compile 'deny udp dport 53' -o dns.o",
        },
        subcommands = {PolicyApply.class, PolicyShow.class, PolicyStats.class, PolicyRemove.class,
                PolicyCompile.class})
public final class PolicyCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
