package io.jnetkit.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;

/**
 * An IPv4 or IPv6 address with a prefix length, as {@code ip} takes them: {@code 10.0.0.1/24},
 * {@code fd00::1/64}. Without a prefix it is a host: /32 or /128, like iproute2.
 *
 * <p>Host bits are kept: {@code 10.0.0.1/24} is an interface address ({@code ip addr add}).
 * Where a network is meant (a route destination, a policy rule's {@code src}/{@code dst}),
 * {@link #isNetwork()} says whether the host bits are zero and {@link #network()} clears them
 * ({@code 10.0.0.1/24} → {@code 10.0.0.0/24}). IPv6 prints in RFC 5952 form. Parsing never
 * touches DNS; errors say what is wrong with the input.
 */
public record Cidr(InetAddress address, int prefixLength) {
    public Cidr {
        Objects.requireNonNull(address, "address");
        if (!(address instanceof Inet4Address) && !(address instanceof Inet6Address)) {
            throw new IllegalArgumentException("invalid address " + address + ": not IPv4 or IPv6");
        }
        if (address instanceof Inet6Address a6 && (a6.getScopeId() != 0 || a6.getScopedInterface() != null)) {
            throw new IllegalArgumentException("invalid address " + address.getHostAddress()
                    + ": zone ids are not supported");
        }
        int max = IpFamily.of(address).bits();
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("invalid prefix length " + prefixLength + " for "
                    + format(address) + ": must be 0.." + max);
        }
    }

    /** The single host {@code a}: /32 or /128. */
    public static Cidr host(InetAddress a) {
        return new Cidr(a, a instanceof java.net.Inet4Address ? 32 : 128);
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

    /** Parses a literal IPv4 (dotted quad, no leading zeros) or IPv6 address, never resolving names. */
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

    /** An address from its 4 or 16 raw bytes (network order). */
    public static InetAddress fromBytes(byte[] b) {
        try {
            return switch (b.length) {
                case 4 -> InetAddress.getByAddress(b);
                case 16 -> Inet6Address.getByAddress(null, b, null);
                default -> throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + b.length);
            };
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad IP address bytes: " + e.getMessage(), e);
        }
    }

    public IpFamily family() { return IpFamily.of(address); }

    /** The address bytes (4 or 16, network order). */
    public byte[] bytes() {
        return address.getAddress();
    }

    /** The prefix mask bytes (4 or 16): {@code /24} → {@code ff ff ff 00}. */
    public byte[] maskBytes() {
        byte[] ones = new byte[address.getAddress().length];
        Arrays.fill(ones, (byte) 0xff);
        return mask(ones, prefixLength);
    }

    /** The same prefix with the host bits cleared: {@code 10.0.0.1/24} → {@code 10.0.0.0/24}. */
    public Cidr network() {
        return isNetwork() ? this : new Cidr(fromBytes(mask(bytes(), prefixLength)), prefixLength);
    }

    /** Whether the host bits are zero ({@code 10.0.0.0/24}, any /32 or /128), i.e. this equals {@link #network()}. */
    public boolean isNetwork() {
        byte[] b = bytes();
        return Arrays.equals(b, mask(b, prefixLength));
    }

    /** True for 0.0.0.0/0 and ::/0. */
    public boolean isDefault() {
        return prefixLength == 0 && network().address.isAnyLocalAddress();
    }

    /** Whether every address of {@code other} is in this prefix's network (same family). */
    public boolean contains(Cidr other) {
        return other.family() == family() && other.prefixLength >= prefixLength
                && Arrays.equals(mask(other.bytes(), prefixLength), mask(bytes(), prefixLength));
    }

    /** Whether the address (4 or 16 bytes, network order) is in this prefix's network. */
    public boolean contains(byte[] addr) {
        return addr.length == bytes().length && Arrays.equals(mask(addr, prefixLength), mask(bytes(), prefixLength));
    }

    private static byte[] mask(byte[] b, int len) {
        byte[] out = b.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, len - 8 * i));
            out[i] &= (byte) (0xff << (8 - keep));
        }
        return out;
    }

    /** The address alone, compressed like iproute2 ({@code fd00::1}, RFC 5952). */
    public static String format(InetAddress a) {
        return format(a.getAddress());
    }

    /** An address from its 4 or 16 bytes, as {@link #format(InetAddress)} prints it. */
    public static String format(byte[] b) {
        if (b.length == 4) {
            return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
        }
        if (b.length != 16) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + b.length);
        }
        int[] w = new int[8];
        for (int i = 0; i < 8; i++) w[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        // The longest run of two or more zero groups becomes "::" (the first, on a tie).
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

    /**
     * The address alone for a host ({@code /32}, {@code /128}), else {@code ADDRESS/LEN}: how
     * policy rules and {@code ip route} write a destination.
     */
    public String toShortString() {
        return prefixLength == family().bits() ? format(address) : toString();
    }

    /** {@code ADDRESS/LEN}, always with the prefix length ({@code 10.0.0.1/32}). */
    @Override
    public String toString() {
        return format(address) + "/" + prefixLength;
    }
}
