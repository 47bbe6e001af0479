package io.jnetkit.cli.link;

import io.jnetkit.cli.Exit.UsageException;
import io.jnetkit.cli.Kernel;
import io.jnetkit.netns.NetNs;
import io.jnetkit.rtnl.Links;
import io.jnetkit.rtnl.MacAddress;
import io.jnetkit.rtnl.NetkitPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Equivalent to {@code ip link set NAME up|down|mtu N|name NEW|address MAC|netns NS} and, for
 * netkit, {@code ip link set NAME type netkit [forward|blackhole] [peer forward|blackhole]}.
 * All words are checked before anything is changed; changes are applied in the order given.
 */
@Command(name = "set", header = "Change a device: up/down, mtu, name, address, netns, netkit policies.", mixinStandardHelpOptions = true,
        description = {
                "Change a device, in iproute2's words:",
                "  link set [dev] NAME [up|down] [mtu N] [name NEW] [address MAC] [netns NS]",
                "  [policy forward|blackhole] [peer-policy forward|blackhole]",
                "  [type netkit [forward|blackhole] [peer forward|blackhole]]",
                "Netkit policies change only through the primary device (the kernel refuses the peer).",
                "Examples:",
                "  jnetkit link set task_nk netns task_netns",
                "  jnetkit link set nk0 up",
                "  jnetkit link set task_nk type netkit blackhole peer forward"})
public final class LinkSet implements Callable<Integer> {
    @Parameters(paramLabel = "WORD", arity = "1..*", description = "The words above.")
    List<String> words;

    private sealed interface Change permits Up, Mtu, Rename, Address, Move, Policy {}
    private record Up(boolean up) implements Change {}
    private record Mtu(int mtu) implements Change {}
    private record Rename(String name) implements Change {}
    private record Address(MacAddress mac) implements Change {}
    private record Move(String netns) implements Change {}
    private record Policy(NetkitPolicy policy, NetkitPolicy peerPolicy) implements Change {}

    @Override
    public Integer call() {
        Words w = new Words(words, "link set");
        String first = w.next();
        String name = first.equals("dev") ? w.value("dev") : first;
        List<Change> changes = new ArrayList<>();
        NetkitPolicy policy = null, peerPolicy = null;
        while (w.more()) {
            String word = w.next();
            switch (word) {
                case "up", "down" -> { w.once("up/down"); changes.add(new Up(word.equals("up"))); }
                case "mtu" -> changes.add(new Mtu(w.intValue("mtu", 68, 0xffff)));
                case "name" -> changes.add(new Rename(w.value("name")));
                case "address" -> changes.add(new Address(mac(w.value("address"))));
                case "netns" -> changes.add(new Move(w.value("netns")));
                case "policy" -> policy = policy(w.value("policy"));
                case "peer-policy" -> peerPolicy = policy(w.value("peer-policy"));
                case "type" -> {
                    String kind = w.value("type");
                    if (!kind.equals("netkit")) {
                        throw new UsageException("link set: only \"type netkit\" settings can be changed, not " + kind);
                    }
                    boolean afterPeer = false;
                    while (w.more() && List.of("forward", "blackhole", "peer", "mode", "scrub", "headroom", "tailroom")
                            .contains(w.peek())) {
                        String t = w.next();
                        if (!List.of("forward", "blackhole", "peer").contains(t)) {
                            // The kernel refuses these on an existing pair (EACCES since 6.7/6.13/6.14).
                            throw new UsageException("link set: netkit " + t + " is fixed when the pair is created; "
                                    + "delete the pair and add it again with the new " + t);
                        }
                        if (t.equals("peer")) {
                            w.once("peer");
                            afterPeer = true;
                        } else if (afterPeer) {
                            w.once("peer policy");
                            peerPolicy = policy(t);
                        } else {
                            w.once("policy");
                            policy = policy(t);
                        }
                    }
                }
                default -> throw w.unknown(word, "up, down, mtu, name, address, netns, policy, peer-policy or type netkit");
            }
        }
        if (policy != null || peerPolicy != null) {
            changes.add(new Policy(policy, peerPolicy));
        }
        if (changes.isEmpty()) {
            throw new UsageException("link set " + name + ": nothing to change");
        }
        try (Kernel k = Kernel.open()) {
            Links links = k.rtnl().links();
            links.get(name);  // a missing device is reported once, before any change
            String current = name;
            for (Change c : changes) {
                switch (c) {
                    case Up u -> links.setUp(current, u.up());
                    case Mtu m -> links.setMtu(current, m.mtu());
                    case Rename r -> { links.rename(current, r.name()); current = r.name(); }
                    case Address a -> links.setAddress(current, a.mac());
                    case Move m -> {
                        try (NetNs target = NetNs.open(m.netns())) {
                            links.moveTo(current, target);
                        }
                    }
                    case Policy p -> links.changeNetkit(current, p.policy(), p.peerPolicy());
                }
            }
        }
        return 0;
    }

    private static NetkitPolicy policy(String word) {
        try {
            return NetkitPolicy.fromWord(word);
        } catch (IllegalArgumentException e) {
            throw new UsageException("link set: " + e.getMessage());
        }
    }

    private static MacAddress mac(String text) {
        try {
            return MacAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("link set: " + e.getMessage());
        }
    }
}
