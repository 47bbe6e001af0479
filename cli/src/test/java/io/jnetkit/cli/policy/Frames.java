package io.jnetkit.cli.policy;

/** Ethernet frames for policy tests: 10.0.0.1 → 10.0.0.2 (fd00::1 → fd00::2), 60 bytes for IPv4. */
final class Frames {
    private Frames() {}

    static byte[] tcp4(int dport) {
        byte[] f = ip4(6);
        ports(f, 34, 40000, dport);
        f[34 + 12] = 0x50;
        f[34 + 13] = 0x02;
        return f;
    }

    static byte[] udp4(int dport) {
        byte[] f = ip4(17);
        ports(f, 34, 40000, dport);
        f[34 + 5] = 26;
        return f;
    }

    static byte[] tcp6(int dport) {
        byte[] f = new byte[14 + 40 + 20];
        f[12] = (byte) 0x86;
        f[13] = (byte) 0xdd;
        f[14] = 0x60;
        f[14 + 5] = 20;
        f[14 + 6] = 6;
        f[14 + 7] = 64;
        f[14 + 8] = (byte) 0xfd;
        f[14 + 23] = 1;
        f[14 + 24] = (byte) 0xfd;
        f[14 + 39] = 2;
        ports(f, 54, 40000, dport);
        f[54 + 12] = 0x50;
        f[54 + 13] = 0x02;
        return f;
    }

    private static byte[] ip4(int proto) {
        byte[] f = new byte[60];
        f[12] = 0x08;
        f[14] = 0x45;
        f[17] = 46;
        f[22] = 64;
        f[23] = (byte) proto;
        f[26] = 10; f[29] = 1;
        f[30] = 10; f[33] = 2;
        return f;
    }

    private static void ports(byte[] f, int at, int sport, int dport) {
        f[at] = (byte) (sport >>> 8);
        f[at + 1] = (byte) sport;
        f[at + 2] = (byte) (dport >>> 8);
        f[at + 3] = (byte) dport;
    }
}
