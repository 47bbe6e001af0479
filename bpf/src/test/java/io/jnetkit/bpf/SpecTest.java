package io.jnetkit.bpf;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Specs are checked without a kernel. */
class SpecTest {
    @Test
    void nameOfFifteenBytesIsFineSixteenIsNot() {
        ProgramSpec ok = ProgramSpec.of("a23456789012345", ProgramType.SCHED_CLS, Progs.PASS);
        assertEquals("a23456789012345", ok.name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProgramSpec.of("a234567890123456", ProgramType.SCHED_CLS, Progs.PASS));
        assertTrue(e.getMessage().contains("longer than 15 bytes"), e.getMessage());
        // bytes, not chars: 8 two-byte characters are 16 bytes
        assertThrows(IllegalArgumentException.class, () -> MapSpec.of("éééééééé", MapType.HASH, 4, 4, 1));
    }

    @Test
    void nameCharactersTheKernelRefuses() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProgramSpec.of("has-dash", ProgramType.SCHED_CLS, Progs.PASS));
        assertTrue(e.getMessage().contains("'-'"), e.getMessage());
        ProgramSpec.of("ok_name.v2", ProgramType.SCHED_CLS, Progs.PASS);
        ProgramSpec.of("", ProgramType.SCHED_CLS, Progs.PASS);
    }

    @Test
    void emptyProgramIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProgramSpec.of("empty", ProgramType.SCHED_CLS, Bytecode.of()));
        assertTrue(e.getMessage().contains("no instructions"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ProgramSpec.of("x", ProgramType.SCHED_CLS, (Bytecode) null));
        assertThrows(IllegalArgumentException.class, () -> ProgramSpec.of("x", ProgramType.SCHED_CLS, (io.jnetkit.asm.Instructions) null));
    }

    @Test
    void typeAndLicenseAreRequired() {
        assertThrows(IllegalArgumentException.class, () -> ProgramSpec.of("x", null, Progs.PASS));
        assertThrows(IllegalArgumentException.class, () -> ProgramSpec.of("x", ProgramType.UNKNOWN, Progs.PASS));
        assertThrows(IllegalArgumentException.class,
                () -> new ProgramSpec("x", ProgramType.SCHED_CLS, null, "", Progs.PASS));
        ProgramSpec s = ProgramSpec.schedCls("nk", AttachType.NETKIT_PEER, Progs.PASS);
        assertEquals(AttachType.NETKIT_PEER, s.expectedAttachType());
        assertEquals("GPL", s.license());
        assertNull(s.withExpectedAttachType(null).expectedAttachType());
    }

    @Test
    void mapSpecChecks() {
        assertThrows(IllegalArgumentException.class, () -> MapSpec.of("a", MapType.ARRAY, 8, 8, 1));
        assertThrows(IllegalArgumentException.class, () -> MapSpec.of("a", MapType.HASH, 4, 8, 0));
        // Local storage: the kernel insists on max_entries 0.
        assertEquals(0, MapSpec.of("s", MapType.SK_STORAGE, 4, 8, 0).maxEntries());
        assertThrows(IllegalArgumentException.class, () -> MapSpec.of("s", MapType.SK_STORAGE, 4, 8, -1));
        assertThrows(IllegalArgumentException.class, () -> MapSpec.of("a", MapType.HASH, -1, 8, 1));
        assertEquals(16, MapSpec.of("h", MapType.HASH, 4, 16, 8).valueSize());
    }

    @Test
    void instructionEncoding() {
        // r0 = 2 by hand: opcode b7, regs 00, off 0000, imm 00000002 (little-endian)
        assertEquals(0x0000_0002_0000_00b7L, Bytecode.encode(0xb7, 0, 0, 0, 2));
        // dst in the low nibble, src in the high one: dst=1, src=2 → 0x21
        assertEquals(0x21, (Bytecode.encode(0xbf, 1, 2, 0, 0) >>> 8) & 0xff);
        // negative offset and immediate keep two's complement in their own fields
        long st = Bytecode.encode(0x62, 10, 0, -4, -1);
        assertEquals(0xfffc, (st >>> 16) & 0xffff);
        assertEquals(-1, (int) (st >>> 32));
        Bytecode i = Progs.DROP;
        assertEquals(2, i.count());
        assertArrayEquals(new byte[] {(byte) 0xb7, 0, 0, 0, 2, 0, 0, 0, (byte) 0x95, 0, 0, 0, 0, 0, 0, 0}, i.toBytes());
        assertEquals(Progs.DROP, Bytecode.fromBytes(i.toBytes()));
        assertEquals(0x95L, i.get(1));
        assertThrows(IllegalArgumentException.class, () -> Bytecode.fromBytes(new byte[7]));
        assertEquals(11, Progs.counter(3, 0).count(), "10 instructions, ld_imm64 takes two slots");
    }

    @Test
    void enumsCarryKernelValues() {
        assertEquals(3, ProgramType.SCHED_CLS.value());
        assertEquals(46, AttachType.TCX_INGRESS.value());
        assertEquals(47, AttachType.TCX_EGRESS.value());
        assertEquals(54, AttachType.NETKIT_PRIMARY.value());
        assertEquals(55, AttachType.NETKIT_PEER.value());
        assertEquals(AttachType.NETKIT_PEER, AttachType.of(55));
        assertEquals(AttachType.UNKNOWN, AttachType.of(999));
        assertEquals(LinkType.NETKIT, LinkType.of(13));
        assertEquals(LinkType.TCX, LinkType.of(11));
        assertEquals(MapType.RINGBUF, MapType.of(27));
        assertEquals("sched_cls", ProgramType.SCHED_CLS.word());
        assertEquals(AttachType.NETKIT_PRIMARY, Hook.netkitPrimary(5).attachType());
        assertThrows(IllegalArgumentException.class, () -> Hook.tcxIngress(0));
    }

    @Test
    void possibleCpus() {
        assertEquals(1, BpfMap.PossibleCpus.parse("0\n"));
        assertEquals(4, BpfMap.PossibleCpus.parse("0-3\n"));
        assertEquals(8, BpfMap.PossibleCpus.parse("0-1,4-7"));
    }

    @Test
    void kernelReleaseComparison() {
        assertTrue(Features.atLeast("6.18.44-fc-v1098", "6.7"));
        assertTrue(Features.atLeast("6.7.0", "6.7"));
        assertTrue(Features.atLeast("7.0", "6.7"));
        org.junit.jupiter.api.Assertions.assertFalse(Features.atLeast("6.6.30-cloud-amd64", "6.7"));
        org.junit.jupiter.api.Assertions.assertFalse(Features.atLeast("5.19", "6.7"));
        org.junit.jupiter.api.Assertions.assertFalse(Features.atLeast("weird", "6.7"));
    }

    @Test
    void rawBytesThatAreNoInstructionAreRefusedWithTheSlot() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProgramSpec.of("jnk_badop", ProgramType.SCHED_CLS, Bytecode.of(Progs.movR0(0), 0xffL, Progs.EXIT)));
        assertEquals("program jnk_badop: slot 1: unknown opcode 0xff", e.getMessage());
    }

    @Test
    void rawBytesDecodeIntoTheInstructionModel() {
        ProgramSpec s = ProgramSpec.of("p", ProgramType.SCHED_CLS, Progs.DROP);
        assertEquals("r0 = 2", s.instructions().insns().get(0).toString());
        assertArrayEquals(Progs.DROP.toBytes(), s.instructions().toBytes());
    }
}
