package io.jnetkit.cli.link;

import io.jnetkit.cli.Exit.UsageException;
import io.jnetkit.netns.NetNs;
import io.jnetkit.rtnl.LinkSpec;
import io.jnetkit.rtnl.MacAddress;
import io.jnetkit.rtnl.NetkitMode;
import io.jnetkit.rtnl.NetkitPolicy;
import io.jnetkit.rtnl.NetkitScrub;
import io.jnetkit.rtnl.NetkitSpec;
import io.jnetkit.rtnl.PeerSpec;
import io.jnetkit.rtnl.VethSpec;

import java.util.List;
import java.util.function.Function;

/**
 * Parses iproute2's {@code ip link add} grammar into a {@link LinkSpec}, so the seed's commands
 * translate word for word:
 * <pre>
 * link add [name] NAME [mtu N] [address MAC] [netns NS] [numtxqueues N] [numrxqueues N] [up]
 *     type netkit [mode l2|l3] [forward|blackhole] [scrub default|none] [headroom N] [tailroom N]
 *                 [peer [forward|blackhole] [scrub default|none] [[name] NAME] [address MAC]
 *                       [mtu N] [netns NS] [numtxqueues N] [numrxqueues N]]
 *   | type veth [peer [[name] NAME] [address MAC] [mtu N] [netns NS] …]
 * </pre>
 * Words before {@code peer} are the primary's; {@code mode} is pair-wide. Namespaces are opened
 * through {@code openNetns}; the caller closes them.
 */
final class LinkAddWords {
    private LinkAddWords() {}

    private static final String NETKIT_WORDS =
            "mode, forward, blackhole, scrub, headroom, tailroom or peer";
    private static final String PEER_WORDS =
            "forward, blackhole, scrub, name, address, mtu, netns, numtxqueues, numrxqueues or a peer name";

    static LinkSpec parse(List<String> args, Function<String, NetNs> openNetns) {
        Words w = new Words(args, "link add");
        String name = null;
        Integer mtu = null, txq = null, rxq = null;
        MacAddress address = null;
        NetNs netns = null;
        boolean up = false;
        String kind = null;
        while (w.more() && kind == null) {
            String word = w.next();
            switch (word) {
                case "name", "dev" -> name = w.value("name");
                case "mtu" -> mtu = w.intValue("mtu", 68, 0xffff);
                case "address" -> address = mac(w.value("address"));
                case "netns" -> netns = openNetns.apply(w.value("netns"));
                case "numtxqueues" -> txq = w.intValue("numtxqueues", 1, 4096);
                case "numrxqueues" -> rxq = w.intValue("numrxqueues", 1, 4096);
                case "up" -> { w.once("up"); up = true; }
                case "type" -> kind = w.value("type");
                default -> {
                    if (name != null || word.startsWith("-")) {
                        throw w.unknown(word, "name, mtu, address, netns, numtxqueues, numrxqueues, up or type");
                    }
                    name = word;
                }
            }
        }
        if (kind == null) {
            throw new UsageException("link add: missing \"type netkit\" or \"type veth\"");
        }
        if (name == null) {
            throw new UsageException("link add: missing the device NAME (link add NAME type " + kind + " …)");
        }
        return switch (kind) {
            case "netkit" -> netkit(w, NetkitSpec.builder().name(name).mtu(mtu).address(address).netns(netns)
                    .up(up).numTxQueues(txq).numRxQueues(rxq), openNetns);
            case "veth" -> veth(w, name, mtu, address, netns, up, txq, rxq, openNetns);
            default -> throw new UsageException("link add: unsupported type \"" + kind + "\"; jnetkit creates netkit and veth");
        };
    }

    private static LinkSpec netkit(Words w, NetkitSpec.Builder b, Function<String, NetNs> openNetns) {
        while (w.more()) {
            String word = w.next();
            switch (word) {
                case "mode" -> b.mode(enumWord(() -> NetkitMode.fromWord(w.value("mode"))));
                case "forward", "blackhole" -> { w.once("policy"); b.policy(NetkitPolicy.fromWord(word)); }
                case "scrub" -> b.scrub(enumWord(() -> NetkitScrub.fromWord(w.value("scrub"))));
                case "headroom" -> b.headroom(w.intValue("headroom", 0, 0xffff));
                case "tailroom" -> b.tailroom(w.intValue("tailroom", 0, 0xffff));
                case "peer" -> {
                    w.once("peer");
                    PeerWords p = peer(w, openNetns, true);
                    b.peerPolicy(p.policy).peerScrub(p.scrub).peer(p.spec);
                }
                default -> throw w.unknown(word, NETKIT_WORDS);
            }
        }
        return b.build();
    }

    private static LinkSpec veth(Words w, String name, Integer mtu, MacAddress address, NetNs netns, boolean up,
                                 Integer txq, Integer rxq, Function<String, NetNs> openNetns) {
        PeerSpec peer = null;
        while (w.more()) {
            String word = w.next();
            if (!word.equals("peer")) {
                throw w.unknown(word, "peer");
            }
            w.once("peer");
            peer = peer(w, openNetns, false).spec;
        }
        return VethSpec.builder().name(name).mtu(mtu).address(address).netns(netns).up(up)
                .numTxQueues(txq).numRxQueues(rxq).peer(peer).build();
    }

    private record PeerWords(PeerSpec spec, NetkitPolicy policy, NetkitScrub scrub) {}

    private static PeerWords peer(Words w, Function<String, NetNs> openNetns, boolean netkit) {
        PeerSpec.Builder p = PeerSpec.builder();
        NetkitPolicy policy = null;
        NetkitScrub scrub = null;
        boolean named = false;
        while (w.more()) {
            String word = w.next();
            switch (word) {
                case "forward", "blackhole" -> {
                    if (!netkit) throw w.unknown(word, PEER_WORDS);
                    w.once("peer.policy");
                    policy = NetkitPolicy.fromWord(word);
                }
                case "scrub" -> {
                    if (!netkit) throw w.unknown(word, PEER_WORDS);
                    scrub = enumWord(() -> NetkitScrub.fromWord(w.value("peer.scrub")));
                }
                case "name", "dev" -> { p.name(w.value("peer.name")); named = true; }
                case "address" -> p.address(mac(w.value("peer.address")));
                case "mtu" -> p.mtu(w.intValue("peer.mtu", 68, 0xffff));
                case "netns" -> p.netns(openNetns.apply(w.value("peer.netns")));
                case "numtxqueues" -> p.numTxQueues(w.intValue("peer.numtxqueues", 1, 4096));
                case "numrxqueues" -> p.numRxQueues(w.intValue("peer.numrxqueues", 1, 4096));
                case "type", "mode", "peer", "headroom", "tailroom" ->
                        throw new UsageException("link add: \"" + word + "\" is not allowed after \"peer\""
                                + (word.equals("mode") ? " (mode is pair-wide: put it before peer)" : ""));
                default -> {
                    if (named || word.startsWith("-")) throw w.unknown(word, PEER_WORDS);
                    w.once("peer.name");
                    p.name(word);
                    named = true;
                }
            }
        }
        return new PeerWords(p.build(), policy, scrub);
    }

    private static MacAddress mac(String text) {
        try {
            return MacAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("link add: " + e.getMessage());
        }
    }

    private static <T> T enumWord(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new UsageException("link add: " + e.getMessage());
        }
    }
}
