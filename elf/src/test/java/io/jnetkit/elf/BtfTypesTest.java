package io.jnetkit.elf;

import io.jnetkit.btf.BtfException;
import io.jnetkit.btf.BtfTypes;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kernel-free BTF model: the committed target blob, split BTF built by hand, malformed input. */
class BtfTypesTest {
    private static final BtfTypes BASE = BtfTypes.parse(Fixtures.bytes(CoreMatchingTest.TARGET_BTF), "core_target.btf");

    @Test
    void readsTheTargetBlob() {
        int outer = BASE.find("outer", BtfTypes.KIND_STRUCT).getFirst();
        List<BtfTypes.Member> ms = BASE.members(outer);
        assertEquals(List.of("pad", "a", "", "grows", "e", "bf1", "bf2", "bf3", "clr", "in", "arr", "flex"),
                ms.stream().map(BtfTypes.Member::name).toList());
        assertEquals(64, ms.get(1).bitOffset());
        assertEquals(0, ms.get(1).bitfieldSize());
        assertEquals(3, ms.get(5).bitfieldSize());
        assertEquals(376, ms.get(5).bitOffset());
        assertEquals(BtfTypes.KIND_UNION, BASE.kind(ms.get(2).type()));
        assertEquals(0, BASE.array(BASE.skipModsAndTypedefs(ms.get(11).type())).nelems(), "flexible array");
        int color = BASE.find("color", BtfTypes.KIND_ENUM).getFirst();
        assertEquals(List.of(new BtfTypes.EnumValue("RED", 10), new BtfTypes.EnumValue("GREEN", 20),
                new BtfTypes.EnumValue("BLUE", 4294967266L)), BASE.enumValues(color), "no signedness flag from clang 14");
        int handle = BASE.find("handle_t", BtfTypes.KIND_TYPEDEF).getFirst();
        assertEquals(16, BASE.sizeOf(handle));
        assertEquals("typedef handle_t", BASE.describe(handle));
        assertEquals(BASE.sizeOf(BASE.find("inner", BtfTypes.KIND_STRUCT).getFirst()) * 6,
                BASE.sizeOf(ms.get(10).type()));
    }

    @Test
    void essentialNames() {
        assertEquals("task_struct", BtfTypes.essentialName("task_struct___v2"));
        assertEquals("__sk_buff", BtfTypes.essentialName("__sk_buff"));
        assertEquals("__sk_buff", BtfTypes.essentialName("__sk_buff___mine"));
        assertEquals("a___b", BtfTypes.essentialName("a___b___c"), "the last flavor separator counts");
        assertEquals("x____y", BtfTypes.essentialName("x____y"), "four underscores are no separator");
        assertEquals("___x", BtfTypes.essentialName("___x"));
        assertArrayEquals(BASE.byEssentialName("amb"), new int[]{BASE.find("amb___one", BtfTypes.KIND_STRUCT).getFirst(),
                BASE.find("amb___two", BtfTypes.KIND_STRUCT).getFirst()});
    }

    /** Split BTF: a struct whose member is the base's int, and a pointer to the struct; ids and strings continue. */
    @Test
    void splitBtfContinuesTheBase() {
        int intId = BASE.find("int", BtfTypes.KIND_INT).getFirst();
        int first = BASE.maxId() + 1;
        ByteArrayOutputStream strs = new ByteArrayOutputStream();
        strs.write(0);
        int baseStrLen = ByteBuffer.wrap(Fixtures.bytes(CoreMatchingTest.TARGET_BTF)).order(ByteOrder.LITTLE_ENDIAN).getInt(20);
        int nameStruct = baseStrLen + strs.size();
        strs.writeBytes("modstruct___flavor\0".getBytes(StandardCharsets.US_ASCII));
        int nameB = baseStrLen + strs.size();
        strs.writeBytes("b\0".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer types = ByteBuffer.allocate(12 + 24 + 12).order(ByteOrder.LITTLE_ENDIAN);
        types.putInt(nameStruct).putInt(BtfTypes.KIND_STRUCT << 24 | 2).putInt(16);
        types.putInt(0).putInt(intId).putInt(0); // anonymous member "": the base's int
        types.putInt(nameB).putInt(first + 1).putInt(64);
        types.putInt(0).putInt(BtfTypes.KIND_PTR << 24).putInt(first);
        byte[] split = blob(types.array(), strs.toByteArray());
        BtfTypes s = BtfTypes.parseSplit(split, "module", BASE);
        assertEquals(first, s.firstId());
        assertEquals(first + 1, s.maxId());
        assertEquals("modstruct___flavor", s.name(first));
        assertEquals("int", s.name(s.members(first).getFirst().type()), "a base type through the split BTF");
        assertEquals("struct modstruct___flavor *", s.describe(first + 1));
        assertEquals(16, s.sizeOf(first));
        assertArrayEquals(new int[]{first}, s.byEssentialName("modstruct"));
        assertEquals(BASE.name(intId), s.name(intId));
        assertThrows(BtfException.class, () -> s.kind(first + 2));
    }

    @Test
    void malformedBlobsAreBtfExceptions() {
        byte[] good = Fixtures.bytes(CoreMatchingTest.TARGET_BTF);
        for (int cut : new int[]{0, 10, 24, 40, good.length / 2, good.length - 1}) {
            byte[] b = Arrays.copyOf(good, cut);
            assertThrows(BtfException.class, () -> BtfTypes.parse(b, "cut"), "cut at " + cut);
        }
        byte[] badKind = good.clone();
        int hdr = ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN).getInt(4);
        badKind[hdr + 7] = 0x1f; // the first type's kind: 31
        BtfException e = assertThrows(BtfException.class, () -> BtfTypes.parse(badKind, "bad"));
        assertTrue(e.getMessage().contains("unknown kind 31"), e.getMessage());
        byte[] badName = good.clone();
        ByteBuffer.wrap(badName).order(ByteOrder.LITTLE_ENDIAN).putInt(hdr + 12 * 0, 0x7fffffff);
        BtfTypes t = BtfTypes.parse(badName, "bad name");
        assertThrows(BtfException.class, () -> t.name(1));
    }

    private static byte[] blob(byte[] types, byte[] strings) {
        ByteBuffer b = ByteBuffer.allocate(24 + types.length + strings.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) BtfTypes.MAGIC).put((byte) 1).put((byte) 0).putInt(24);
        b.putInt(0).putInt(types.length).putInt(types.length).putInt(strings.length);
        b.put(types).put(strings);
        return b.array();
    }
}
