package io.jnetkit.cli.attach;

import io.jnetkit.bpf.Anchor;
import io.jnetkit.bpf.Hook;
import io.jnetkit.cli.CliRun;
import io.jnetkit.cli.Exit;
import io.jnetkit.cli.prog.ProgramRef;
import io.jnetkit.cli.prog.Verdicts;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hook words, placement words, program references, hex, verdicts: no kernel. */
class WordsTest {
    @Test
    void hookWords() {
        assertEquals(Hook.Point.NETKIT_PRIMARY, Args.hook("primary").point());
        assertEquals(Hook.Point.NETKIT_PEER, Args.hook("peer").point());
        assertEquals(Hook.Point.NETKIT_PEER, Args.hook("netkit_peer").point());
        assertEquals(Hook.Point.TCX_INGRESS, Args.hook("tcx-ingress").point());
        assertEquals(Hook.Point.TCX_EGRESS, Args.hook("tcx_egress").point());
        assertEquals("netkit/peer", io.jnetkit.hooks.HookName.PEER.section());
        Exit.UsageException e = assertThrows(Exit.UsageException.class, () -> Args.hook("ingres"));
        assertEquals("unknown hook \"ingres\"; expected primary, peer, tcx-ingress or tcx-egress", e.getMessage());
    }

    private static Place place(String... w) {
        Args a = new Args(List.of(w), "attach");
        Place p = Place.parse(a);
        a.end();
        return p;
    }

    @Test
    void placementWords() {
        assertEquals(new Place.Last(), place());
        assertEquals(new Place.First(), place("first"));
        assertEquals(new Place.Last(), place("last"));
        assertEquals(Anchor.head(), place("first").anchor());
        assertEquals(Anchor.beforeId(7), place("before", "id", "7").anchor());
        assertEquals(Anchor.afterLinkId(3), place("after", "link-id", "3").anchor());
        assertEquals(new Place.Relative(true, "pinned", 0, Path.of("/x")), place("before", "pinned", "/x"));
        assertThrows(Exit.UsageException.class, () -> place("middle"));
        assertThrows(Exit.UsageException.class, () -> place("before"));
        assertThrows(Exit.UsageException.class, () -> place("before", "name", "x"));
        assertThrows(Exit.UsageException.class, () -> place("after", "id", "-1"));
        assertThrows(Exit.UsageException.class, () -> place("first", "extra"));
    }

    @Test
    void programReferences() {
        assertEquals(new ProgramRef.ById(12), ProgramRef.parse(new Args(List.of("id", "12"), "t")));
        assertEquals(new ProgramRef.Pinned(Path.of("/sys/fs/bpf/p")),
                ProgramRef.parse(new Args(List.of("pinned", "/sys/fs/bpf/p"), "t")));
        assertEquals(new ProgramRef.FromObject(Path.of("f.o"), null), ProgramRef.parse(new Args(List.of("f.o"), "t")));
        assertEquals(new ProgramRef.FromObject(Path.of("dir/f.o"), "port_filter"),
                ProgramRef.parse(new Args(List.of("dir/f.o:port_filter"), "t")));
        assertThrows(Exit.UsageException.class, () -> ProgramRef.parse(new Args(List.of("id"), "t")));
        assertThrows(Exit.UsageException.class, () -> ProgramRef.parse(new Args(List.of("id", "zero"), "t")));
        assertThrows(Exit.UsageException.class, () -> ProgramRef.parse(new Args(List.of("f.o:"), "t")));
    }

    @Test
    void hexBytes() {
        byte[] want = {0x0a, 0, 0, 0};
        assertArrayEquals(want, Hex.parse(List.of("0a", "00", "00", "00"), "key"));
        assertArrayEquals(want, Hex.parse(List.of("0x0a", "0", "0", "0"), "key"));
        assertArrayEquals(want, Hex.parse(List.of("hex", "0a000000"), "key"));
        assertArrayEquals(want, Hex.parse("0a:00:00:00", "key"));
        assertArrayEquals(new byte[] {(byte) 0xde, (byte) 0xad}, Hex.parse(" DE ad\n", "data"));
        assertEquals("bad: \"zz\" is not hex", assertThrows(Exit.UsageException.class,
                () -> Hex.parse(List.of("zz"), "bad")).getMessage());
        assertThrows(Exit.UsageException.class, () -> Hex.parse(List.of("abc"), "bad"));
        assertThrows(Exit.UsageException.class, () -> Hex.parse(List.of(), "bad"));
        assertThrows(Exit.UsageException.class, () -> Hex.parse(List.of("0x"), "bad"));
        assertEquals("0a 00", Hex.spaced(new byte[] {10, 0}));
        assertEquals(List.of("0x0a", "0xff"), Hex.jsonBytes(new byte[] {10, -1}));
    }

    @Test
    void verdictNames() {
        assertEquals("next", Verdicts.name(-1));
        assertEquals("pass", Verdicts.name(0));
        assertEquals("drop", Verdicts.name(2));
        assertEquals("redirect", Verdicts.name(7));
        assertEquals("other", Verdicts.name(1));
    }

    @Test
    void badWordsFailBeforeTouchingTheKernel() {
        for (String[] args : List.of(
                new String[] {"attach", "v0", "sideways", "id", "1"},
                new String[] {"attach", "v0"},
                new String[] {"attach", "v0", "peer"},
                new String[] {"attach", "v0", "peer", "id", "1", "--no-pin", "--pin", "/x"},
                new String[] {"detach", "v0", "peer", "most"},
                new String[] {"prog", "dump", "jited", "id", "1"},
                new String[] {"prog", "test-run", "id", "1"},
                new String[] {"prog", "test-run", "id", "1", "--data-hex", "0g"},
                new String[] {"trace", "--lines", "0"})) {
            CliRun r = CliRun.of(args);
            assertEquals(Exit.USAGE.code, r.exit(), () -> String.join(" ", args) + "\n" + r);
            assertEquals(1, r.err().lines().count(), r::toString);
        }
    }

    @Test
    void everyNewCommandHasHelpWithAnExample() {
        for (String[] cmd : List.of(new String[] {"attach"}, new String[] {"detach"}, new String[] {"net", "show"},
                new String[] {"prog", "load"}, new String[] {"prog", "show"}, new String[] {"prog", "dump"},
                new String[] {"prog", "test-run"}, new String[] {"map", "show"}, new String[] {"map", "dump"},
                new String[] {"map", "lookup"}, new String[] {"map", "update"}, new String[] {"trace"})) {
            String[] args = java.util.Arrays.copyOf(cmd, cmd.length + 1);
            args[cmd.length] = "--help";
            CliRun r = CliRun.of(args);
            assertEquals(0, r.exit(), r::toString);
            assertTrue(r.out().contains("Example"), () -> String.join(" ", cmd) + ": " + r.out());
        }
    }
}
