package io.jnetkit.cli.map;

import io.jnetkit.bpf.BpfMap;
import io.jnetkit.bpf.MapSpec;
import io.jnetkit.bpf.MapType;
import io.jnetkit.cli.CliRun;
import io.jnetkit.cli.Exit;
import io.jnetkit.testkit.PrivateBpffs;
import io.jnetkit.testkit.HostTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** map show/dump/lookup/update on maps the test creates. */
@HostTest
class MapHostTest {
    @RegisterExtension
    final PrivateBpffs bpffs = new PrivateBpffs();

    private static CliRun ok(String... args) {
        return CliRun.ok(args);
    }

    private static void fails(Exit exit, String... args) {
        CliRun.fails(exit, args);
    }

    @Test
    void showDumpLookupUpdate() throws Exception {
        try (BpfMap hash = BpfMap.create(MapSpec.of("jnk_hash", MapType.HASH, 4, 8, 16));
             BpfMap array = BpfMap.create(MapSpec.of("jnk_array", MapType.ARRAY, 4, 4, 2))) {
            Path pin = bpffs.root().resolve("jnk_hash");
            hash.pin(pin);
            String id = String.valueOf(hash.id());

            String shown = ok("map", "show", "id", id).out();
            assertTrue(shown.matches(id + ": hash  name jnk_hash  flags 0x0\n\tkey 4B  value 8B  max_entries 16  memlock \\d+B\n"),
                    shown);
            assertTrue(ok("map", "show").out().contains(array.id() + ": array  name jnk_array"));
            String json = ok("map", "show", "pinned", pin.toString(), "--json").out();
            assertTrue(json.matches("\\{\"id\":" + id + ",\"type\":\"hash\",\"name\":\"jnk_hash\",\"flags\":0,\"bytes_key\":4,"
                    + "\"bytes_value\":8,\"max_entries\":16,\"bytes_memlock\":\\d+,\"frozen\":0}\n"), json);

            assertEquals("Found 0 elements\n", ok("map", "dump", "id", id).out());
            ok("map", "update", "pinned", pin.toString(), "key", "0a", "0", "0", "0", "value", "2a00000000000000");
            ok("map", "update", "id", id, "key", "hex", "0b", "00", "00", "00", "value", "0x01", "0", "0", "0", "0", "0", "0", "0", "noexist");
            assertArrayEquals(new byte[] {42, 0, 0, 0, 0, 0, 0, 0}, hash.lookup(new byte[] {10, 0, 0, 0}).orElseThrow());
            assertEquals("key: 0a 00 00 00  value: 2a 00 00 00 00 00 00 00\n",
                    ok("map", "lookup", "id", id, "key", "0a", "00", "00", "00").out());
            assertEquals("{\"key\":[\"0x0b\",\"0x00\",\"0x00\",\"0x00\"],\"value\":[\"0x01\",\"0x00\",\"0x00\",\"0x00\","
                    + "\"0x00\",\"0x00\",\"0x00\",\"0x00\"]}\n",
                    ok("map", "lookup", "pinned", pin.toString(), "key", "0b000000", "--json").out());
            String dump = ok("map", "dump", "id", id).out();
            assertTrue(dump.contains("key: 0a 00 00 00  value: 2a 00 00 00 00 00 00 00\n"), dump);
            assertTrue(dump.endsWith("Found 2 elements\n"), dump);
            assertTrue(ok("map", "dump", "pinned", pin.toString(), "--json").out().startsWith("[{\"key\":[\"0x"));
            String arrayDump = ok("map", "dump", "id", String.valueOf(array.id())).out();
            assertTrue(arrayDump.endsWith("Found 2 elements\n"), arrayDump);

            fails(Exit.NOT_FOUND, "map", "lookup", "id", id, "key", "0c", "0", "0", "0");
            fails(Exit.USAGE, "map", "lookup", "id", id, "key", "0c");
            fails(Exit.USAGE, "map", "lookup", "id", id, "key", "0g", "0", "0", "0");
            fails(Exit.USAGE, "map", "update", "id", id, "key", "0", "0", "0", "0", "value", "1");
            fails(Exit.KERNEL, "map", "update", "id", id, "key", "0a", "0", "0", "0", "value", "0", "0", "0", "0", "0",
                    "0", "0", "0", "noexist");
            fails(Exit.NOT_FOUND, "map", "show", "id", "2000000000");
            fails(Exit.USAGE, "map", "dump", "name", "x");
            java.nio.file.Files.delete(pin);
            assertEquals(List.of(), bpffs.pins());
        }
    }
}
