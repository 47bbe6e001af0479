package io.jnetkit.cli.attach;

import io.jnetkit.bpf.AttachType;
import io.jnetkit.bpf.Bytecode;
import io.jnetkit.bpf.Program;
import io.jnetkit.bpf.ProgramSpec;

/** Two-instruction SCHED_CLS programs for tests that need no object file. */
public final class TestProgs {
    private TestProgs() {}

    /** {@code r0 = retval; exit}. */
    public static Program returning(String name, int retval) {
        Bytecode insns = Bytecode.of(Bytecode.encode(0xb7, 0, 0, 0, retval), Bytecode.encode(0x95, 0, 0, 0, 0));
        return Program.load(ProgramSpec.schedCls(name, AttachType.TCX_INGRESS, insns));
    }

    /** A minimal Ethernet + IPv4 + TCP frame to {@code port}. */
    public static byte[] tcpFrame(int port) {
        byte[] f = new byte[14 + 20 + 20];
        f[12] = 0x08; // IPv4
        f[14] = 0x45;
        f[16] = 0; f[17] = 40; // total length
        f[22] = 64; f[23] = 6; // ttl, TCP
        f[26] = 10; f[29] = 1; f[30] = 10; f[33] = 2;
        f[34] = (byte) 0xc0; f[35] = 0x01; // sport 49153
        f[36] = (byte) (port >> 8); f[37] = (byte) port;
        f[46] = 0x50; f[47] = 0x02; // data offset 5, SYN
        return f;
    }
}
