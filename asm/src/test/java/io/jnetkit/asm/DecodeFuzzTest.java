package io.jnetkit.asm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random bytes never break the decoder: it either decodes (and then round-trips) or says why. */
class DecodeFuzzTest {
    @Test
    void randomWordsDecodeOrThrowAsmException() {
        Random rnd = new Random(0x5eed);
        int valid = 0;
        for (int n = 0; n < 200_000; n++) {
            byte[] b = new byte[8 * (1 + rnd.nextInt(3))];
            rnd.nextBytes(b);
            if (rnd.nextInt(4) == 0) {
                b[0] = (byte) validOpcode(rnd); // bias towards known opcodes so more words get deep
            }
            if (rnd.nextInt(3) == 0) {
                b[1] = (byte) (b[1] & 0x77 & (rnd.nextBoolean() ? 0x0f : 0x3f)); // plausible registers
            }
            try {
                Instructions p = Instructions.decode(b);
                valid++;
                assertArrayEquals(b, p.toBytes());
                assertEquals(p.insns(), Asm.assemble(p.toString()).insns());
            } catch (AsmException e) {
                assertTrue(e.getMessage().startsWith("slot ") || e.getMessage().startsWith("program of "), e.getMessage());
            } catch (RuntimeException e) {
                fail("decoding " + TestSupport.hex(b) + " threw " + e, e);
            }
        }
        assertTrue(valid > 1000, "too few valid words: " + valid);
    }

    private static final int[] OPS = RoundTripTest.validOpcodes().stream().mapToInt(Integer::intValue).toArray();

    private static int validOpcode(Random rnd) {
        return OPS[rnd.nextInt(OPS.length)];
    }

    @Test
    void errorsNameTheSlot() {
        AsmException e = org.junit.jupiter.api.Assertions.assertThrows(AsmException.class,
                () -> Instructions.decode(TestSupport.unhex("b7 00 00 00 02 00 00 00 ff 00 00 00 00 00 00 00")));
        assertEquals("slot 1: unknown opcode 0xff", e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(AsmException.class,
                () -> Instructions.decode(TestSupport.unhex("95 00 00 00 00 00 00 00 18 01 00 00 00 00 00 00")));
        assertEquals("slot 1: ld_imm64 needs two slots but the program ends after the first", e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(AsmException.class,
                () -> Instructions.decode(TestSupport.unhex("18 01 00 00 00 00 00 00 95 00 00 00 00 00 00 00")));
        assertEquals("slot 1: second slot of the ld_imm64 at slot 0 must have opcode, registers and offset 0"
                + " (found opcode 0x95, registers 0x00, offset 0)", e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(AsmException.class,
                () -> Instructions.decode(new byte[12]));
        assertEquals("program of 12 bytes is not a whole number of 8-byte slots", e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(AsmException.class,
                () -> Instructions.decode(TestSupport.unhex("95 00 00 00 00 00 00 00 b7 0c 00 00 00 00 00 00")));
        assertEquals("slot 1: opcode 0xb7: destination register r12 out of range r0..r10", e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(AsmException.class,
                () -> Instructions.decode(TestSupport.unhex("07 21 00 00 05 00 00 00")));
        assertEquals("slot 0: opcode 0x07 (immediate source): source register must be 0, was 2", e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(AsmException.class,
                () -> Instructions.decode(TestSupport.unhex("db 21 00 00 02 00 00 00")));
        assertEquals("slot 0: opcode 0xdb (atomic): unknown atomic operation 0x2", e.getMessage());
    }
}
