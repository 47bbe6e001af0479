package io.jnetkit.bpf;

import io.jnetkit.sys.Fd;
import io.jnetkit.sys.internal.Linux;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Anchor → BPF_F_* flags and relative fd/id, as cilium/ebpf maps them. */
class PlacementTest {
    static final int BEFORE = 1 << 3, AFTER = 1 << 4, ID = 1 << 5, LINK = 1 << 13;

    @Test
    void listEnds() {
        assertEquals(new Placement(0, 0), Placement.of(null));
        assertEquals(new Placement(BEFORE, 0), Placement.of(Anchor.head()));
        assertEquals(new Placement(AFTER, 0), Placement.of(Anchor.tail()));
    }

    @Test
    void byId() {
        assertEquals(new Placement(BEFORE | ID, 42), Placement.of(Anchor.beforeId(42)));
        assertEquals(new Placement(AFTER | ID, 42), Placement.of(Anchor.afterId(42)));
        assertEquals(new Placement(BEFORE | LINK | ID, 7), Placement.of(Anchor.beforeLinkId(7)));
        assertEquals(new Placement(AFTER | LINK | ID, 7), Placement.of(Anchor.afterLinkId(7)));
    }

    @Test
    void byDescriptor() {
        // Any open descriptor stands in for a program/link here: only its number is used.
        try (Fd fd = Linux.open("/dev/null", Linux.O_RDONLY, 0)) {
            Program p = new Program(fd, "p", ProgramType.SCHED_CLS);
            BpfLink l = new BpfLink(fd, 9);
            assertEquals(new Placement(BEFORE, fd.value()), Placement.of(Anchor.before(p)));
            assertEquals(new Placement(AFTER, fd.value()), Placement.of(Anchor.after(p)));
            assertEquals(new Placement(BEFORE | LINK, fd.value()), Placement.of(Anchor.beforeLink(l)));
            assertEquals(new Placement(AFTER | LINK, fd.value()), Placement.of(Anchor.afterLink(l)));
        }
        assertThrows(NullPointerException.class, () -> Anchor.before(null));
    }
}
