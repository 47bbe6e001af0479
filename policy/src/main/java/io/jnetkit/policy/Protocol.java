package io.jnetkit.policy;

/**
 * The transport protocol a rule matches. {@link #ICMP} implies IPv4 and {@link #ICMPV6} IPv6;
 * {@link #TCP} and {@link #UDP} match in both families. {@link #ANY} matches every packet
 * (including non-IP ones, when the rule has no other condition).
 */
public enum Protocol {
    ANY("any", -1),
    TCP("tcp", 6),
    UDP("udp", 17),
    ICMP("icmp", 1),
    ICMPV6("icmpv6", 58);

    private final String word;
    private final int number;

    Protocol(String word, int number) {
        this.word = word;
        this.number = number;
    }

    /** The keyword. */
    public String word() {
        return word;
    }

    /** The IP protocol number (IPv4 protocol / IPv6 next header), -1 for ANY. */
    public int number() {
        return number;
    }

    /** Whether rules of this protocol may match ports (tcp, udp). */
    public boolean hasPorts() {
        return this == TCP || this == UDP;
    }

    /** The family this protocol implies: IP4 for icmp, IP6 for icmpv6, else ANY. */
    public Family impliedFamily() {
        return this == ICMP ? Family.IP4 : this == ICMPV6 ? Family.IP6 : Family.ANY;
    }
}
