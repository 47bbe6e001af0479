package io.jnetkit.bpf;

/** Hand-encoded test programs (8-byte instructions as little-endian longs; see {@link Bytecode}). */
final class Progs {
    private Progs() {}

    /** mov64 r0, imm: opcode 0xb7, dst r0. */
    static long movR0(int imm) {
        return Bytecode.encode(0xb7, 0, 0, 0, imm);
    }

    static final long EXIT = 0x95L;

    /** r0 = 2 (TC_ACT_SHOT / TCX_DROP); exit — written out by hand. */
    static final Bytecode DROP = Bytecode.of(0x0000_0002_0000_00b7L, 0x0000_0000_0000_0095L);

    /** r0 = 0 (TC_ACT_OK / TCX_PASS); exit. */
    static final Bytecode PASS = Bytecode.of(movR0(0), EXIT);

    /** r0 = -1 (TCX_NEXT); exit. */
    static final Bytecode NEXT = Bytecode.of(movR0(-1), EXIT);

    /** Just exit: r0 was never written, the verifier says "R0 !read_ok". */
    static final Bytecode BROKEN = Bytecode.of(EXIT);

    /**
     * Counts its runs in element 0 of an ARRAY map (u32 key, u64 value) and returns {@code verdict}:
     * <pre>
     *  0: *(u32 *)(r10 - 4) = 0
     *  1: r1 = map_fd ll            (ld_imm64, src_reg BPF_PSEUDO_MAP_FD, two slots)
     *  3: r2 = r10
     *  4: r2 += -4
     *  5: call bpf_map_lookup_elem  (helper 1)
     *  6: if r0 == 0 goto +2
     *  7: r1 = 1
     *  8: lock *(u64 *)(r0 + 0) += r1
     *  9: r0 = verdict
     * 10: exit
     * </pre>
     */
    static Bytecode counter(int mapFd, int verdict) {
        return Bytecode.of(
                Bytecode.encode(0x62, 10, 0, -4, 0),
                Bytecode.encode(0x18, 1, 1, 0, mapFd), 0L,
                Bytecode.encode(0xbf, 2, 10, 0, 0),
                Bytecode.encode(0x07, 2, 0, 0, -4),
                Bytecode.encode(0x85, 0, 0, 0, 1),
                Bytecode.encode(0x15, 0, 0, 2, 0),
                Bytecode.encode(0xb7, 1, 0, 0, 1),
                Bytecode.encode(0xdb, 0, 1, 0, 0),
                movR0(verdict),
                EXIT);
    }

    /** A 64-byte Ethernet frame: broadcast destination, EtherType IPv4, zero payload. */
    static byte[] frame64() {
        byte[] f = new byte[64];
        for (int i = 0; i < 6; i++) f[i] = (byte) 0xff;
        f[6] = 0x02;
        f[11] = 0x01;
        f[12] = 0x08;
        f[13] = 0x00;
        return f;
    }
}
