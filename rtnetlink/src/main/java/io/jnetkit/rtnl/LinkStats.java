package io.jnetkit.rtnl;

/**
 * A device's counters ({@code struct rtnl_link_stats64}, {@code IFLA_STATS64}): what
 * {@code ip -s link show} prints. Counters are unsigned 64-bit; values above {@link Long#MAX_VALUE}
 * print through {@link Long#toUnsignedString(long)}.
 */
public record LinkStats(long rxPackets, long txPackets, long rxBytes, long txBytes, long rxErrors, long txErrors,
                        long rxDropped, long txDropped, long multicast, long collisions, long rxLengthErrors,
                        long rxOverErrors, long rxCrcErrors, long rxFrameErrors, long rxFifoErrors,
                        long rxMissedErrors, long txAbortedErrors, long txCarrierErrors, long txFifoErrors,
                        long txHeartbeatErrors, long txWindowErrors, long rxCompressed, long txCompressed,
                        long rxNoHandler) {

    /** Decodes the kernel's struct (native byte order); null when shorter than the 24 counters of 4.6+. */
    static LinkStats decode(byte[] b) {
        if (b == null || b.length < io.jnetkit.abi.RtnlAbi.RTNL_LINK_STATS64_MIN_SIZE) {
            return null;
        }
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.nativeOrder());
        long[] v = new long[24];
        for (int i = 0; i < v.length; i++) v[i] = bb.getLong(i * 8);
        return new LinkStats(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12],
                v[13], v[14], v[15], v[16], v[17], v[18], v[19], v[20], v[21], v[22], v[23]);
    }
}
