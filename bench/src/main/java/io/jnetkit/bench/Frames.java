package io.jnetkit.bench;

/** Ethernet frames for the benchmark: IPv4/IPv6 with TCP or UDP, 10.0.0.1 → 10.0.0.2 (fd00::1 → fd00::2). */
final class Frames {
    private Frames() {}

    static byte[] tcp4(int dport, int flags) {
        byte[] f = ip4(6, 20);
        l4ports(f, 34, 40000, dport);
        f[34 + 12] = 0x50; // data offset 5
        f[34 + 13] = (byte) flags;
        return f;
    }

    static byte[] udp4(int dport) {
        byte[] f = ip4(17, 8);
        l4ports(f, 34, 40000, dport);
        f[34 + 5] = 8;
        return f;
    }

    static byte[] tcp6(int dport, int flags) {
        byte[] f = new byte[14 + 40 + 20];
        eth(f, 0x86dd);
        f[14] = 0x60;
        f[14 + 5] = 20; // payload length
        f[14 + 6] = 6;  // next header TCP
        f[14 + 7] = 64;
        f[14 + 8] = (byte) 0xfd;
        f[14 + 23] = 1;
        f[14 + 24] = (byte) 0xfd;
        f[14 + 39] = 2;
        l4ports(f, 54, 40000, dport);
        f[54 + 12] = 0x50;
        f[54 + 13] = (byte) flags;
        return f;
    }

    /**
     * The frame with another IPv4 source address (network order in the packet) and its header
     * checksum left as it was: nothing on the BPF_PROG_TEST_RUN path checks it.
     */
    static byte[] withSrc4(byte[] frame, int addr) {
        byte[] f = frame.clone();
        for (int i = 0; i < 4; i++) f[26 + i] = (byte) (addr >>> (24 - 8 * i));
        return f;
    }

    private static byte[] ip4(int proto, int l4len) {
        byte[] f = new byte[Math.max(60, 14 + 20 + l4len)];
        eth(f, 0x0800);
        f[14] = 0x45;
        f[16] = 0;
        f[17] = (byte) (20 + l4len);
        f[22] = 64;
        f[23] = (byte) proto;
        f[26] = 10; f[29] = 1;
        f[30] = 10; f[33] = 2;
        return f;
    }

    private static void eth(byte[] f, int type) {
        for (int i = 0; i < 6; i++) f[i] = 0x02;
        f[6] = 0x02; f[11] = 1;
        f[12] = (byte) (type >>> 8);
        f[13] = (byte) type;
    }

    private static void l4ports(byte[] f, int at, int sport, int dport) {
        f[at] = (byte) (sport >>> 8);
        f[at + 1] = (byte) sport;
        f[at + 2] = (byte) (dport >>> 8);
        f[at + 3] = (byte) dport;
    }
}
