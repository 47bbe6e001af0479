package io.jnetkit.rtnl;

import io.jnetkit.netlink.MalformedMessageException;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * An address with a prefix length, as {@code ip} takes them: {@code 10.0.0.1/24},
 * {@code fd00::1/64}. Without a prefix it is a host: /32 or /128, like iproute2. Host bits are
 * kept ({@code 10.0.0.1/24} is an interface address); {@link #network()} clears them. Parsing never
 * touches DNS.
 */
public record Cidr(InetAddress address, int prefixLength) {
    public Cidr {
        Objects.requireNonNull(address, "address");
        int max = IpFamily.of(address).bits();
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("invalid prefix length " + prefixLength + " for "
                    + address.getHostAddress() + ": must be 0.." + max);
        }
    }

    /** Parses {@code ADDRESS[/PREFIX]}; the error says what is wrong with the input. */
    public static Cidr parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("invalid address: empty");
        }
        String t = text.trim();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        InetAddress a = parseAddress(addr, text);
        int max = IpFamily.of(a).bits();
        if (slash < 0) {
            return new Cidr(a, max);
        }
        String p = t.substring(slash + 1);
        if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("invalid prefix length \"" + p + "\" in \"" + text + "\": must be 0.." + max);
        }
        int len = Integer.parseInt(p);
        if (len > max) {
            throw new IllegalArgumentException("invalid prefix length " + len + " in \"" + text + "\": must be 0.." + max);
        }
        return new Cidr(a, len);
    }

    /** Parses a literal IPv4 (dotted quad) or IPv6 address, never resolving names. */
    public static InetAddress parseAddress(String addr) {
        return parseAddress(addr, addr);
    }

    private static InetAddress parseAddress(String addr, String input) {
        String bad = "invalid address \"" + input + "\": ";
        if (addr == null || addr.isEmpty()) {
            throw new IllegalArgumentException(bad + "no address");
        }
        if (addr.indexOf(':') >= 0) {
            if (addr.indexOf('%') >= 0 || addr.indexOf('[') >= 0) {
                throw new IllegalArgumentException(bad + "zone ids and brackets are not supported");
            }
            InetAddress a;
            try {
                a = Inet6Address.ofLiteral(addr);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(bad + "not an IPv6 address");
            }
            if (!(a instanceof Inet6Address)) {
                throw new IllegalArgumentException(bad + "IPv4-mapped IPv6 addresses are not supported; write the IPv4 address");
            }
            return a;
        }
        String[] parts = addr.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException(bad + "expected an IPv4 address a.b.c.d or an IPv6 address");
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            String s = parts[i];
            if (s.isEmpty() || s.length() > 3 || !s.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (s.length() > 1 && s.charAt(0) == '0') || Integer.parseInt(s) > 255) {
                throw new IllegalArgumentException(bad + "\"" + s + "\" is not a number 0..255");
            }
            b[i] = (byte) Integer.parseInt(s);
        }
        return fromBytes(b);
    }

    /** An address from its 4 or 16 raw bytes. */
    static InetAddress fromBytes(byte[] b) {
        try {
            return switch (b.length) {
                case 4 -> InetAddress.getByAddress(b);
                case 16 -> Inet6Address.getByAddress(null, b, null);
                default -> throw new MalformedMessageException("an IP address has 4 or 16 bytes, not " + b.length);
            };
        } catch (UnknownHostException e) {
            throw new MalformedMessageException("bad IP address bytes: " + e.getMessage());
        }
    }

    public IpFamily family() { return IpFamily.of(address); }

    /** The same prefix with the host bits cleared: {@code 10.0.0.1/24} → {@code 10.0.0.0/24}. */
    public Cidr network() {
        byte[] b = address.getAddress();
        for (int i = 0; i < b.length; i++) {
            int keep = Math.max(0, Math.min(8, prefixLength - 8 * i));
            b[i] &= (byte) (0xff << (8 - keep));
        }
        return new Cidr(fromBytes(b), prefixLength);
    }

    /** True for 0.0.0.0/0 and ::/0. */
    public boolean isDefault() {
        return prefixLength == 0 && network().address.isAnyLocalAddress();
    }

    /** The address alone, compressed like iproute2 ({@code fd00::1}). */
    public static String format(InetAddress a) {
        if (a instanceof Inet4Address) {
            return a.getHostAddress();
        }
        byte[] b = a.getAddress();
        int[] w = new int[8];
        for (int i = 0; i < 8; i++) w[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        int bestStart = -1, bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (w[i] != 0) { i++; continue; }
            int j = i;
            while (j < 8 && w[j] == 0) j++;
            if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(w[i]));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return format(address) + "/" + prefixLength;
    }
}
