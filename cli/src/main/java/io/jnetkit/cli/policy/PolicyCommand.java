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
                "Grammar: rules separated by ';' or new lines, '#' starts a comment.",
                "  RULE      [count] (allow|deny) [CONDITION...]   none (or 'any'): every packet",
                "  DEFAULT   [count] default (allow|deny)          once; if absent: allow",
                "  CONDITION each at most once; all must hold:",
                "    ip4 | ip6                  IP version",
                "    tcp | udp | icmp | icmpv6  protocol",
                "    src CIDR | dst CIDR        10.0.0.0/8, fd00::/8, 10.0.0.5",
                "    sport P | dport P          a port or a range A-B (tcp, udp)",
                "    flags F[,F...]             fin syn rst psh ack urg ece cwr; !F: clear",
                "  count: keep packet/byte counters ('jnetkit policy stats').",
                "  allow: later programs still see the packet; deny: drop it.",
                "  No rule and no default is refused: 'default allow' allows all.",
                "  Non-first fragments never match ports or flags; IPv6 extension",
                "  headers are walked; unreadable ports: deny rules match, allow not.",
                "",
                "Examples:",
                "  jnetkit policy apply nk0 peer 'count deny tcp dport 12345; allow any'",
                "  jnetkit policy stats nk0 peer --watch",
                "  jnetkit policy apply nk0 peer -f policy.txt        # replaces it atomically",
                "  jnetkit policy show nk0 peer",
                "  jnetkit policy remove nk0 peer",
                "  jnetkit policy compile 'deny udp dport 53' -o dns.o",
                "",
                "Every keyword once (policy compile prints what the hook would run):",
                "  jnetkit policy compile 'deny ip4 src 10.0.0.0/8 dst 10.0.0.5; default allow'",
                "  jnetkit policy compile 'allow ip6 icmpv6; allow icmp; deny any'",
                "  jnetkit policy compile 'count allow tcp sport 1024-65535 flags ack,!syn'",
                "  jnetkit policy compile 'allow udp dst fd00::/8 dport 53; count default deny'",
                "  jnetkit policy compile 'deny tcp dport 23   # telnet, a comment to the end'",
        })
public final class PolicyCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
