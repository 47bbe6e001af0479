package io.jnetkit.elf;

import io.jnetkit.asm.Instructions;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Tests that check bit patterns: instructions as little-endian 8-byte slots, and back. */
final class Slots {
    private Slots() {}

    static long[] of(Instructions code) {
        ByteBuffer b = ByteBuffer.wrap(code.toBytes()).order(ByteOrder.LITTLE_ENDIAN);
        long[] out = new long[code.slotCount()];
        for (int i = 0; i < out.length; i++) out[i] = b.getLong();
        return out;
    }

    static Instructions code(long... slots) {
        ByteBuffer b = ByteBuffer.allocate(slots.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long s : slots) b.putLong(s);
        return Instructions.decode(b.array());
    }
}
