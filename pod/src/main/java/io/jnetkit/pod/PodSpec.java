package io.jnetkit.pod;

import io.jnetkit.netns.NetNamespaces;
import io.jnetkit.netns.NetNsException;
import io.jnetkit.policy.Policy;
import io.jnetkit.net.Cidr;
import io.jnetkit.net.IpFamily;
import io.jnetkit.rtnl.NetkitMode;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One pod, as wanted; kernel-free (validation needs no kernel, so it runs on any machine).
 *
 * <p>What {@link Pods#up} makes of it, in iproute2 words (netkit, the default L3 mode):
 * <pre>
 * ip netns add NETNS
 * ip link add HOSTDEV type netkit mode l3 [blackhole] peer [blackhole] name PODDEV netns NETNS
 * ip -n NETNS addr add 10.0.0.2/32 dev PODDEV;  ip -n NETNS route add default dev PODDEV
 * ip route add 10.0.0.2/32 dev HOSTDEV          (in the host namespace; likewise /128)
 * </pre>
 * and on veth (or netkit L2), where the pod resolves its gateway with ARP/ND:
 * <pre>
 * ip link add HOSTDEV type veth peer name PODDEV netns NETNS
 * ip addr add 169.254.1.1/32 dev HOSTDEV;  ip addr add fe80::1/64 dev HOSTDEV nodad
 * ip -n NETNS route add 169.254.1.1 dev PODDEV scope link
 * ip -n NETNS route add default via 169.254.1.1 dev PODDEV
 * ip -n NETNS -6 route add default via fe80::1 dev PODDEV
 * </pre>
 *
 * @param name       the pod's name (for messages and results)
 * @param netns      the pod's named network namespace ({@code /run/netns/NETNS}), owned by the pod
 *                   (created by up, deleted by down); or an absolute path ({@code /proc/PID/ns/net},
 *                   a runtime's bind mount: a CNI plugin's {@code CNI_NETNS}) to a namespace someone
 *                   else owns: up requires it, down leaves it ({@link #ownsNetns()})
 * @param hostDevice the device in the host namespace (netkit primary or host-side veth); owned by the pod
 * @param podDevice  the device inside the pod; default {@code eth0}
 * @param datapath   {@link Datapath#AUTO} (default), NETKIT or VETH
 * @param mode       netkit mode; null: L3. Only for netkit (and AUTO, where it applies if netkit is chosen)
 * @param addresses  the pod's addresses, each a single host ({@code /32} or {@code /128}); at least one
 * @param peer       what runs on the pod's {@link PodHook#PEER} hook (what it sends), or null
 * @param primary    what runs on the pod's {@link PodHook#PRIMARY} hook (what it receives), or null
 */
public record PodSpec(String name, String netns, String hostDevice, String podDevice, Datapath datapath,
                      NetkitMode mode, List<Cidr> addresses, PodProgram peer, PodProgram primary, NetkitTuning netkit) {
    /** The spec without netkit tuning (the kernel's defaults for scrub, headroom and tailroom). */
    public PodSpec(String name, String netns, String hostDevice, String podDevice, Datapath datapath,
                   NetkitMode mode, List<Cidr> addresses, PodProgram peer, PodProgram primary) {
        this(name, netns, hostDevice, podDevice, datapath, mode, addresses, peer, primary, NetkitTuning.NONE);
    }

    /** The default name of the device inside the pod. */
    public static final String DEFAULT_POD_DEVICE = "eth0";
    /** The IPv4 gateway a link-layer pod (veth, netkit L2) sends to; held by the host-side device. */
    public static final InetAddress GATEWAY4 = Cidr.parseAddress("169.254.1.1");
    /** The IPv6 gateway a link-layer pod sends to; held by the host-side device. */
    public static final InetAddress GATEWAY6 = Cidr.parseAddress("fe80::1");

    public PodSpec {
        if (netkit == null) netkit = NetkitTuning.NONE;
        if (datapath == Datapath.VETH && !netkit.isEmpty()) {
            throw invalid("pod " + name + ": scrub, headroom and tailroom are netkit settings; a veth pod has none");
        }
        for (Integer room : new Integer[] {netkit.headroom(), netkit.tailroom()}) {
            if (room != null && (room < 0 || room > 65535)) throw invalid("pod " + name + ": headroom/tailroom " + room + " is not in 0..65535");
        }
        if (name == null || name.isEmpty()) throw invalid("a pod needs a name");
        if (name.length() > 64 || !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw invalid("invalid pod name \"" + name + "\": letters, digits, '_', '.', '-', at most 64, not starting with a sign");
        }
        if (netns == null) netns = name;
        if (netns.startsWith("/")) {
            // A runtime's namespace (CNI_NETNS): /proc/PID/ns/net or a bind mount of it.
            if (!java.nio.file.Path.of(netns).normalize().toString().equals(netns) || netns.indexOf('\0') >= 0) {
                throw invalid("pod " + name + ": netns path " + netns + " is not a normalized absolute path");
            }
        } else {
            try {
                NetNamespaces.validateName(netns);
            } catch (NetNsException e) {
                throw invalid("pod " + name + ": " + e.getMessage());
            }
        }
        if (hostDevice == null) {
            hostDevice = "p-" + name;
            if (hostDevice.length() > 15) {
                throw invalid("pod " + name + ": the default host device name " + hostDevice
                        + " is longer than 15 bytes; name the host device");
            }
        }
        checkDevice(name, "host device", hostDevice);
        if (podDevice == null) podDevice = DEFAULT_POD_DEVICE;
        checkDevice(name, "pod device", podDevice);
        if (datapath == null) datapath = Datapath.AUTO;
        if (mode != null && datapath == Datapath.VETH) {
            throw invalid("pod " + name + ": mode " + mode.word() + " applies to netkit only, not to veth");
        }
        if (addresses == null || addresses.isEmpty()) throw invalid("pod " + name + " needs at least one address");
        addresses = List.copyOf(addresses);
        Set<InetAddress> seen = new HashSet<>();
        for (Cidr c : addresses) {
            Objects.requireNonNull(c, "address");
            InetAddress a = c.address();
            if (c.prefixLength() != c.family().bits()) {
                throw invalid("pod " + name + ": address " + c + " must be a single host (/" + c.family().bits()
                        + "): the pod reaches everything else through its default route");
            }
            if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isMulticastAddress()) {
                throw invalid("pod " + name + ": address " + Cidr.format(a)
                        + " is not a unicast address a pod can own (unspecified, loopback, link-local or multicast)");
            }
            if (!seen.add(a)) throw invalid("pod " + name + ": address " + c + " is given twice");
        }
        if (peer instanceof PodProgram.Policy p) parsePolicy(name, PodHook.PEER, p);
        if (primary instanceof PodProgram.Policy p) parsePolicy(name, PodHook.PRIMARY, p);
    }

    /**
     * Whether the pod owns its namespace: a name (up creates it, down deletes it), not a path to
     * a namespace a container runtime made and will delete.
     */
    public boolean ownsNetns() {
        return !netns.startsWith("/");
    }

    private static void parsePolicy(String pod, PodHook hook, PodProgram.Policy p) {
        try {
            Policy.parse(p.text());
        } catch (RuntimeException e) {
            throw invalid("pod " + pod + ": " + hook + " policy: " + e.getMessage());
        }
    }

    private static void checkDevice(String pod, String what, String dev) {
        int len = dev.getBytes(StandardCharsets.UTF_8).length;
        if (len == 0 || len > 15 || dev.equals(".") || dev.equals("..")
                || dev.chars().anyMatch(ch -> ch == '/' || ch == ':' || ch == 0 || Character.isWhitespace(ch))) {
            throw invalid("pod " + pod + ": invalid " + what + " name \"" + dev
                    + "\": 1 to 15 bytes without '/', ':' or spaces");
        }
    }

    private static IllegalArgumentException invalid(String message) {
        return new IllegalArgumentException(message);
    }

    /** The program on {@code hook}, or null. */
    public PodProgram program(PodHook hook) {
        return hook == PodHook.PEER ? peer : primary;
    }

    /** The pod's addresses of one family. */
    public List<Cidr> addresses(IpFamily family) {
        return addresses.stream().filter(c -> c.family() == family).toList();
    }

    public boolean hasFamily(IpFamily family) {
        return addresses.stream().anyMatch(c -> c.family() == family);
    }

    /** The mode a netkit pod gets: L3 unless set. */
    public NetkitMode netkitMode() {
        return mode == null ? NetkitMode.L3 : mode;
    }

    static boolean isV6(InetAddress a) {
        return a instanceof Inet6Address;
    }

    public static Builder builder(String name) {
        return new Builder().name(name);
    }

    /** A builder; {@link #address(String)} takes iproute2's notation ({@code 10.0.0.2/32}, {@code fd00::2}). */
    public static final class Builder {
        private String name;
        private String netns;
        private String hostDevice;
        private String podDevice;
        private Datapath datapath;
        private NetkitMode mode;
        private final List<Cidr> addresses = new ArrayList<>();
        private PodProgram peer;
        private PodProgram primary;
        private NetkitTuning netkit;

        public Builder name(String v) { name = v; return this; }
        public Builder netns(String v) { netns = v; return this; }
        public Builder hostDevice(String v) { hostDevice = v; return this; }
        public Builder podDevice(String v) { podDevice = v; return this; }
        public Builder datapath(Datapath v) { datapath = v; return this; }
        public Builder mode(NetkitMode v) { mode = v; return this; }
        public Builder address(Cidr v) { addresses.add(v); return this; }
        /** A bare address means the single host ({@code /32}, {@code /128}). */
        public Builder address(String v) {
            addresses.add(v.contains("/") ? Cidr.parse(v) : hostCidr(Cidr.parseAddress(v)));
            return this;
        }
        public Builder peer(PodProgram v) { peer = v; return this; }
        public Builder primary(PodProgram v) { primary = v; return this; }
        public Builder peerPolicy(String text) { peer = new PodProgram.Policy(text); return this; }
        public Builder primaryPolicy(String text) { primary = new PodProgram.Policy(text); return this; }
        /** Scrub, headroom, tailroom of a netkit pair (null fields: the kernel's defaults). */
        public Builder netkit(NetkitTuning v) { netkit = v; return this; }

        public PodSpec build() {
            return new PodSpec(name, netns, hostDevice, podDevice, datapath, mode, addresses, peer, primary, netkit);
        }
    }

    static Cidr hostCidr(InetAddress a) {
        return new Cidr(a, isV6(a) ? 128 : 32);
    }
}
