package io.jnetkit.rtnl;

import io.jnetkit.net.IpFamily;
import io.jnetkit.net.Cidr;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * An interface address as {@code ip address show} lists it ({@code inet 10.0.0.1/24 scope global
 * task_nk}).
 *
 * @param index         the device's ifindex
 * @param local         the address itself ({@code IFA_LOCAL}, or {@code IFA_ADDRESS} for IPv6)
 * @param scope         RT_SCOPE_* (0 global, 253 link, 254 host)
 * @param label         {@code IFA_LABEL} (IPv4 only), else null
 * @param flags         IFA_F_* ({@code IFA_FLAGS} when present, it has the bits above 8)
 * @param peer          {@code IFA_ADDRESS} when it differs from {@code IFA_LOCAL} (point-to-point: {@code peer}), else null
 * @param broadcast     {@code IFA_BROADCAST} ({@code brd}), else null
 * @param protocol      {@code IFA_PROTO} (6.3+): who added it (1 {@code kernel_lo}, 2 {@code kernel_ra},
 *                      3 {@code kernel_ll}), else null
 * @param validLifetime     seconds left ({@code valid_lft}), {@link #FOREVER} when permanent; null when not sent
 * @param preferredLifetime seconds left ({@code preferred_lft}), {@link #FOREVER} when permanent; null when not sent
 */
public record Address(int index, IpFamily family, InetAddress local, int prefixLength, int scope, String label,
                      int flags, InetAddress peer, InetAddress broadcast, Integer protocol, Long validLifetime,
                      Long preferredLifetime) {
    /** The lifetime of an address that never expires (INFINITY_LIFE_TIME). */
    public static final long FOREVER = 0xffffffffL;

    public Address(int index, IpFamily family, InetAddress local, int prefixLength, int scope, String label,
                   int flags) {
        this(index, family, local, prefixLength, scope, label, flags, null, null, null, null, null);
    }

    /** {@code local/prefixLength}. */
    public Cidr cidr() {
        return new Cidr(local, prefixLength);
    }

    private static final String[] FLAG_WORDS = {"secondary", "nodad", "optimistic", "dadfailed", "home",
            "deprecated", "tentative", "permanent", "mngtmpaddr", "noprefixroute", "autojoin", "stable-privacy"};

    /**
     * The flags as {@code ip address show} prints them after the scope, in bit order: IFA_F_SECONDARY
     * is {@code temporary} for IPv6, and {@code permanent} is never printed — its absence is, as
     * {@code dynamic}.
     */
    public List<String> flagWords() {
        List<String> out = new ArrayList<>();
        for (int bit = 0; bit < FLAG_WORDS.length; bit++) {
            boolean set = (flags & (1 << bit)) != 0;
            if (bit == 7) {
                if (!set) out.add("dynamic");
            } else if (set) {
                out.add(bit == 0 && family == IpFamily.V6 ? "temporary" : FLAG_WORDS[bit]);
            }
        }
        return out;
    }

    /** ip's word for {@link #protocol()}: {@code kernel_lo}, {@code kernel_ra}, {@code kernel_ll}, else {@code 0xNN}. */
    public String protocolWord() {
        if (protocol == null) return null;
        return switch (protocol) {
            case 1 -> "kernel_lo";
            case 2 -> "kernel_ra";
            case 3 -> "kernel_ll";
            default -> String.format("0x%x", protocol);
        };
    }

    @Override
    public String toString() {
        return family.word() + " " + cidr() + " dev#" + index;
    }
}
