package io.jnetkit.cli;

import io.jnetkit.bpf.BpfObjects;
import io.jnetkit.bpf.LinkInfo;
import io.jnetkit.bpf.ProgramInfo;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** BPF links and programs counted from the kernel by id, for tests that must leave none of theirs. */
public final class KernelObjects {
    private KernelObjects() {}

    /** Ids of every BPF link now. */
    public static Set<Integer> linkIds() {
        Set<Integer> ids = new HashSet<>();
        for (LinkInfo l : BpfObjects.links()) ids.add(l.id());
        return ids;
    }

    /**
     * Fails unless none of {@code links} and {@code progs} is in the kernel any more, waiting a
     * little: the kernel frees a link or program whose last reference went away by deferred work.
     */
    public static void assertGone(Set<Integer> links, Set<Integer> progs, String context) {
        long until = System.nanoTime() + 10_000_000_000L;
        Set<Integer> l;
        Set<Integer> p;
        do {
            l = new HashSet<>(linkIds());
            l.retainAll(links);
            p = new HashSet<>();
            for (ProgramInfo pi : BpfObjects.programs()) p.add(pi.id());
            p.retainAll(progs);
        } while ((!l.isEmpty() || !p.isEmpty()) && System.nanoTime() < until);
        assertEquals(Set.of(), l, context + ": links still in the kernel");
        assertEquals(Set.of(), p, context + ": programs still in the kernel");
    }
}
