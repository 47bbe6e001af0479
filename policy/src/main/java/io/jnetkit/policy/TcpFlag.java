package io.jnetkit.policy;

/** A TCP header flag, with its bit in the flags byte (offset 13 of the TCP header). */
public enum TcpFlag {
    FIN(0x01), SYN(0x02), RST(0x04), PSH(0x08), ACK(0x10), URG(0x20), ECE(0x40), CWR(0x80);

    private final int bit;

    TcpFlag(int bit) {
        this.bit = bit;
    }

    /** The bit in the TCP flags byte. */
    public int bit() {
        return bit;
    }

    /** The keyword: {@code syn}, {@code ack}, … */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
