package io.jnetkit.elf;

import io.jnetkit.btf.BtfDumper;
import io.jnetkit.btf.BtfException;
import io.jnetkit.btf.BtfTypes;
import io.jnetkit.btf.DumpWriter;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The typed-dump formatter on typed.c's BTF (as the loader gives it to the kernel), without a
 * kernel: the renderings bpftool's BTF dumper makes (MapDumpBtfHostTest compares with bpftool
 * itself on random values).
 */
class BtfDumperTest {
    private static final BtfTypes BTF = BtfTypes.parse(CollectionSpec.readResource(Fixtures.TYPED).kernelBtf(),
            "typed.o");
    private static final BtfDumper DUMPER = new BtfDumper(BTF);

    private static int struct(String name) {
        return BTF.find(name, BtfTypes.KIND_STRUCT).getFirst();
    }

    private static int offset(int struct, String member) {
        return BTF.members(struct).stream().filter(m -> m.name().equals(member)).findFirst().orElseThrow().bitOffset() / 8;
    }

    private static int datasec(String name) {
        for (int id = 1; id <= BTF.maxId(); id++) {
            if (BTF.kind(id) == BtfTypes.KIND_DATASEC && BTF.name(id).equals(name)) return id;
        }
        throw new AssertionError("no DATASEC " + name);
    }

    @Test
    void valuesAsBpftoolFormatsThem() {
        int t = struct("typed_value");
        ByteBuffer b = ByteBuffer.allocate((int) BTF.sizeOf(t)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, (byte) 1);                                   // flag
        b.put(offset(t, "s8"), (byte) -1);
        b.put(offset(t, "u8"), (byte) 0xff);
        b.putShort(offset(t, "s16"), (short) -2);
        b.putInt(offset(t, "u32"), -1);
        b.putLong(offset(t, "u64"), -1L);
        b.put(offset(t, "u128") + 15, (byte) 0x80);           // only the top bit
        b.putInt(offset(t, "colour"), -3);                    // BLUE
        b.put(offset(t, "name"), "jnetkit\0".getBytes());
        b.put(offset(t, "label"), new byte[] {'a', 1, 0});    // not printable: numbers
        int in = offset(t, "in");
        b.put(in + 4, (byte) 200);                            // enum small (packed, 1 byte): BIG is 200
        b.putLong(offset(t, "next"), -16L);
        String json = DUMPER.format(t, b.array());
        assertTrue(json.startsWith("{\"flag\":true,\"zero\":[0,0,0],\"s8\":-1,\"u8\":255,\"s16\":-2,\"u16\":0,"
                + "\"s32\":0,\"u32\":4294967295,\"alias\":0,\"s64\":0,\"u64\":18446744073709551615,"
                + "\"u128\":\"0x80000000000000000000000000000000\",\"s128\":\"0x0\",\"colour\":\"BLUE\","
                + "\"hue\":\"0x0\",\"wide\":\"0x0\",\"neg\":\"0x0\",\"name\":\"jnetkit\","
                + "\"label\":[97,1,0,0,0,0,0,0,0,0,0,0],\"bytes\":[0,0,0,0],"), json);
        // bpftool sign-extends a 1-byte enum and compares it with the 32-bit enumerator: 200 is not found.
        // 0 is not an enumerator of enum small either: the number.
        assertTrue(json.contains("\"in\":[{\"v\":[0,0],\"size\":-56,\"raw\":[0,0,0]},{\"v\":[0,0],\"size\":0,"), json);
        assertTrue(json.endsWith("\"grid\":[[0,0,0],[0,0,0]],\"\":{\"as_int\":0,\"as_bytes\":[0,0,0,0]},"
                // Debian 12's uapi declares struct bpf_timer with unnamed bitfields only: no members in BTF.
                + "\"next\":18446744073709551600,\"timer\":{}}"), json);

        DumpWriter plain = DumpWriter.plainText();
        DUMPER.dump(plain, t, b.array(), 0);
        assertTrue(plain.toString().contains("\n    \"next\": \"0xfffffffffffffff0\","), plain.toString());
        assertTrue(plain.toString().contains("\n    \"u128\": 0x80000000000000000000000000000000,"), plain.toString());
    }

    @Test
    void bitfieldsAreUnsignedHex() {
        int k = struct("flow_key");
        byte[] key = new byte[(int) BTF.sizeOf(k)];
        key[6] = (byte) 0b1_011_0101;                            // proto 5, ver 3, urgent 1
        key[7] = (byte) 0b101_10000;                             // delta -16 in 5 bits, pad 5
        assertEquals("{\"addr\":0,\"port\":0,\"proto\":\"0x5\",\"ver\":\"0x3\",\"urgent\":\"0x1\",\"delta\":\"0x10\","
                + "\"pad\":\"0x5\",\"spare\":0}", DUMPER.format(k, key));
    }

    @Test
    void globalDataAndPerCpuEntries() {
        int data = datasec(".data");
        byte[] v = new byte[(int) BTF.size(data)];
        ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN).putInt(0, -5);
        System.arraycopy("hello, \"bpf\"\0".getBytes(), 0, v, 4, 13);
        assertEquals("{\".data\":[{\"bias\":-5},{\"motd\":\"hello, \\\"bpf\\\"\"}]}", DUMPER.format(data, v));

        // A per-CPU entry on two CPUs, in bpftool's plain-text layout; the map has a key type.
        int stats = struct("cpu_stats");
        int size = (int) BTF.sizeOf(stats);
        byte[] values = new byte[2 * ((size + 7) & ~7)];
        values[0] = 3;
        values[(size + 7) & ~7] = 4;
        int u32 = BTF.find("__u32", BtfTypes.KIND_TYPEDEF).getFirst();
        DumpWriter w = DumpWriter.plainText().startArray();
        DUMPER.entry(w, u32, stats, new byte[4], values, size, 2);
        w.endArray();
        assertEquals("""
                [{
                        "key": 0,
                        "values": [{
                                "cpu": 0,
                                "value": {
                                    "packets": 3,
                                    "last": "RED",
                                    "tag": ""
                                }
                            },{
                                "cpu": 1,
                                "value": {
                                    "packets": 4,
                                    "last": "RED",
                                    "tag": ""
                                }
                            }
                        ]
                    }
                ]""", w.toString());
        assertEquals("[]", DumpWriter.plainText().startArray().endArray().toString());
    }

    /**
     * Every sized type of every fixture's BTF, on random bytes and on bytes one short: formatted,
     * or refused with a BtfException, never an index exception.
     */
    @Test
    void everyFixtureTypeFormatsOrIsRefused() {
        java.util.Random rnd = new java.util.Random(11);
        int formatted = 0;
        java.util.List<String> objects = new java.util.ArrayList<>(java.util.List.of(Fixtures.ALL));
        objects.add(Fixtures.TYPED);
        for (String obj : objects) {
            byte[] raw;
            try {
                raw = CollectionSpec.readResource(obj).kernelBtf();
            } catch (ElfException e) {
                continue; // broken.o and the like
            }
            if (raw == null) continue;
            BtfTypes btf = BtfTypes.parse(raw, obj);
            BtfDumper d = new BtfDumper(btf);
            for (int id = 1; id <= btf.maxId(); id++) {
                long size;
                try {
                    size = btf.sizeOf(id);
                } catch (BtfException e) {
                    continue; // functions, forward declarations: no value has these types
                }
                if (size > 1 << 20) continue;
                byte[] v = new byte[(int) size];
                rnd.nextBytes(v);
                d.format(id, v);
                DumpWriter plain = DumpWriter.plainText();
                d.dump(plain, id, v, 0);
                formatted++;
                if (size > 0) {
                    int type = id;
                    byte[] shorter = java.util.Arrays.copyOf(v, v.length - 1);
                    try {
                        d.format(type, shorter);
                    } catch (BtfException expected) {
                        // the usual outcome; a trailing char array or padding may need no last byte
                    }
                }
            }
        }
        assertTrue(formatted > 100, "types formatted: " + formatted);
    }

    @Test
    void aValueShorterThanItsTypeIsAnError() {
        int t = struct("typed_value");
        BtfException e = assertThrows(BtfException.class, () -> DUMPER.format(t, new byte[8]));
        assertTrue(e.getMessage().startsWith("format "), e.getMessage());
    }
}
