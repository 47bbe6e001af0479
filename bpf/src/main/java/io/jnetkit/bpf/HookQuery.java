package io.jnetkit.bpf;

import java.util.List;

/**
 * What is attached to a hook, in run order (BPF_PROG_QUERY). {@code bpftool net show}.
 *
 * @param hook     the hook queried
 * @param revision the list's revision: 1 on an empty hook, +1 per attach, detach or link
 *                 update. Emptying a hook frees the kernel's list, so it reads 1 again after the
 *                 last program goes (measured on tcx 6.18 and netkit 6.12). Pass it as expected
 *                 revision to make the next change conditional
 * @param entries  the attached programs, first to run first
 */
public record HookQuery(Hook hook, long revision, List<Entry> entries) {
    /**
     * One attached program.
     *
     * @param programId the program's id
     * @param linkId    the owning link's id, or 0 when attached with BPF_PROG_ATTACH
     */
    public record Entry(int programId, int linkId) {
        public boolean viaLink() {
            return linkId != 0;
        }
    }

    public HookQuery {
        entries = List.copyOf(entries);
    }

    /** Number of attached programs. */
    public int count() {
        return entries.size();
    }

    public List<Integer> programIds() {
        return entries.stream().map(Entry::programId).toList();
    }
}
