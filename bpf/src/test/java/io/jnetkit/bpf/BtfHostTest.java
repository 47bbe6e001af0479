package io.jnetkit.bpf;

import io.jnetkit.sys.Errno;
import io.jnetkit.sys.KernelException;
import io.jnetkit.testkit.HostTest;
import io.jnetkit.testkit.NoBpfFdLeaks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NoSuchElementException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** BTF read back from the kernel by id, a map's BTF type ids (what a typed map dump starts from), and the kernel's own BTF objects found by name (bpftool btf list). */
@HostTest
class BtfHostTest {
    @RegisterExtension
    final NoBpfFdLeaks noLeaks = new NoBpfFdLeaks();

    /** One type, [1] INT 'int' size 4 signed 32 bits: the smallest BTF a map can name. */
    static byte[] intBtf() {
        byte[] strings = "\0int\0".getBytes();
        ByteBuffer b = ByteBuffer.allocate(24 + 16 + strings.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 0xeb9f).put((byte) 1).put((byte) 0).putInt(24); // magic, version, flags, hdr_len
        b.putInt(0).putInt(16).putInt(16).putInt(strings.length);           // type off/len, str off/len
        b.putInt(1).putInt(1 << 24).putInt(4).putInt(1 << 24 | 32);         // name "int", INT, size 4, signed 32
        b.put(strings);
        return b.array();
    }

    @Test
    void btfReadBackByIdAndMapTypeIds() {
        byte[] raw = intBtf();
        try (Btf btf = Btf.load(raw);
             BpfMap typed = BpfMap.create(MapSpec.of("jnk_btf", MapType.HASH, 4, 4, 4), btf, 1, 1);
             BpfMap plain = BpfMap.create(MapSpec.of("jnk_nobtf", MapType.HASH, 4, 4, 4))) {
            int id = btf.id();
            assertNotEquals(0, id);
            try (Btf again = Btf.fromId(id)) {
                assertEquals(id, again.id());
                assertArrayEquals(raw, again.data());
            }
            MapBtfIds ids = typed.btfIds();
            assertEquals(new MapBtfIds(id, 1, 1, 0), ids);
            assertTrue(ids.typed());
            assertEquals(new MapBtfIds(0, 0, 0, 0), plain.btfIds());
            assertFalse(plain.btfIds().typed());
        }
        KernelException gone = assertThrows(KernelException.class, () -> Btf.fromId(Integer.MAX_VALUE));
        assertEquals(Errno.ENOENT, gone.errno());
        assertTrue(gone.getMessage().startsWith("open BTF id 2147483647: ENOENT"), gone.getMessage());
    }

    @Test
    void findsTheKernelsBtfByName() throws Exception {
        // vmlinux is a kernel BTF object like a module's, named "vmlinux": every BTF kernel has it.
        try (Btf v = Btf.kernelModule("vmlinux")) {
            assertTrue(v.fd().value() > 0);
        }
        try (var s = Files.list(Path.of("/sys/kernel/btf"))) {
            for (Path p : s.toList()) {
                String m = p.getFileName().toString();
                try (Btf b = Btf.kernelModule(m)) {
                    assertTrue(b.fd().value() > 0, m);
                }
            }
        }
        NoSuchElementException e = assertThrows(NoSuchElementException.class, () -> Btf.kernelModule("jnetkit_no_such_module"));
        assertEquals("open BTF of module jnetkit_no_such_module: no loaded module jnetkit_no_such_module has BTF", e.getMessage());
    }
}
