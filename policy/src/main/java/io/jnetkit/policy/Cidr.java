package io.jnetkit.policy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * An IPv4 or IPv6 network: an address and a prefix length, e.g. {@code 10.0.0.0/8} or
 * {@code fd00::/64}. Host bits must be zero ({@code 10.0.0.1/8} is refused, naming
 * {@code 10.0.0.0/8}). Written without the prefix for a single host ({@code 10.1.2.3},
 * {@code fd00::1}); printed that way for /32 and /128, and IPv6 in RFC 5952 form.
 */
public record Cidr(InetAddress address, int prefixLength) {
    public Cidr {
        Objects.requireNonNull(address, "address");
        if (!(address instanceof Inet4Address) && !(address instanceof Inet6Address)) {
            throw new PolicyException("not an IPv4 or IPv6 address: " + address);
        }
        if (address instanceof Inet6Address a6 && (a6.getScopeId() != 0 || a6.getScopedInterface() != null)) {
            throw new PolicyException("IPv6 address " + address.getHostAddress() + " has a scope; use a plain address");
        }
        int bits = address.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new PolicyException("prefix length /" + prefixLength + " is outside 0-" + bits + " for "
                    + (bits == 32 ? "IPv4" : "IPv6"));
        }
        byte[] b = address.getAddress();
        byte[] masked = mask(b, prefixLength);
        if (!java.util.Arrays.equals(b, masked)) {
            throw new PolicyException(format(b, prefixLength) + " has host bits set after the /" + prefixLength
                    + " prefix; did you mean " + format(masked, prefixLength) + "?");
        }
    }

    /**
     * Parses {@code ADDR} or {@code ADDR/LEN}: IPv4 in dotted decimal (four parts, no leading
     * zeros), IPv6 in any RFC 4291 text form without a scope. Never does a DNS lookup.
     *
     * @throws PolicyException saying what is wrong
     */
    public static Cidr parse(String text) {
        Objects.requireNonNull(text, "text");
        String addr = text;
        int len = -1;
        int slash = text.indexOf('/');
        if (slash >= 0) {
            addr = text.substring(0, slash);
            String p = text.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new PolicyException("'" + text + "' has no valid prefix length after '/'");
            }
            len = Integer.parseInt(p);
        }
        InetAddress a;
        if (addr.indexOf(':') >= 0) {
            a = parse6(addr, text);
        } else {
            a = parse4(addr, text);
        }
        return new Cidr(a, len < 0 ? a.getAddress().length * 8 : len);
    }

    private static InetAddress parse4(String s, String text) {
        String[] parts = s.split("\\.", -1);
        byte[] b = new byte[4];
        boolean ok = parts.length == 4;
        for (int i = 0; ok && i < 4; i++) {
            String p = parts[i];
            ok = !p.isEmpty() && p.length() <= 3 && p.chars().allMatch(c -> c >= '0' && c <= '9')
                    && (p.length() == 1 || p.charAt(0) != '0');
            if (ok) {
                int v = Integer.parseInt(p);
                ok = v <= 255;
                b[i] = (byte) v;
            }
        }
        if (!ok) {
            throw new PolicyException("'" + text + "' is not an IPv4 address (a.b.c.d[/len]) or IPv6 address");
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static InetAddress parse6(String s, String text) {
        if (s.indexOf('%') >= 0 || s.indexOf('[') >= 0) {
            throw new PolicyException("'" + text + "' is not a plain IPv6 address (no brackets or %scope)");
        }
        InetAddress a;
        try {
            a = Inet6Address.ofLiteral(s);
        } catch (IllegalArgumentException e) {
            throw new PolicyException("'" + text + "' is not an IPv6 address");
        }
        if (!(a instanceof Inet6Address)) {
            throw new PolicyException("'" + text + "' is an IPv4-mapped IPv6 address; write the IPv4 address "
                    + a.getHostAddress() + " (the policy sees IPv4 packets as IPv4)");
        }
        return a;
    }

    /** IP4 or IP6. */
    public Family family() {
        return address instanceof Inet4Address ? Family.IP4 : Family.IP6;
    }

    /** The address bytes (4 or 16, network order). */
    public byte[] bytes() {
        return address.getAddress();
    }

    /** The prefix mask bytes (4 or 16). */
    public byte[] maskBytes() {
        byte[] ones = new byte[address.getAddress().length];
        java.util.Arrays.fill(ones, (byte) 0xff);
        return mask(ones, prefixLength);
    }

    /** Whether every address of {@code other} is in this network (same family). */
    public boolean contains(Cidr other) {
        return other.family() == family() && other.prefixLength >= prefixLength
                && java.util.Arrays.equals(mask(other.bytes(), prefixLength), bytes());
    }

    /** Whether the address (4 or 16 bytes) is in this network. */
    public boolean contains(byte[] addr) {
        return addr.length == bytes().length && java.util.Arrays.equals(mask(addr, prefixLength), bytes());
    }

    static byte[] mask(byte[] b, int len) {
        byte[] out = b.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, len - 8 * i));
            out[i] &= (byte) (0xff << (8 - keep));
        }
        return out;
    }

    private static String format(byte[] b, int len) {
        String s = formatAddress(b);
        return len == b.length * 8 ? s : s + "/" + len;
    }

    /** Dotted decimal, or RFC 5952 IPv6 (lower case, longest run of two or more zero groups as ::). */
    static String formatAddress(byte[] b) {
        if (b.length == 4) {
            return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = (b[2 * i] & 0xff) << 8 | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1, bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen && j - i >= 2) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return format(bytes(), prefixLength);
    }
}
