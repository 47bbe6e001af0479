package io.jnetkit.bpf;

/** {@code enum bpf_map_type}, with the kernel's value. */
public enum MapType {
    UNSPEC(0), HASH(1), ARRAY(2), PROG_ARRAY(3), PERF_EVENT_ARRAY(4), PERCPU_HASH(5), PERCPU_ARRAY(6),
    STACK_TRACE(7), CGROUP_ARRAY(8), LRU_HASH(9), LRU_PERCPU_HASH(10), LPM_TRIE(11), ARRAY_OF_MAPS(12),
    HASH_OF_MAPS(13), DEVMAP(14), SOCKMAP(15), CPUMAP(16), XSKMAP(17), SOCKHASH(18), CGROUP_STORAGE(19),
    REUSEPORT_SOCKARRAY(20), PERCPU_CGROUP_STORAGE(21), QUEUE(22), STACK(23), SK_STORAGE(24), DEVMAP_HASH(25),
    STRUCT_OPS(26), RINGBUF(27), INODE_STORAGE(28), TASK_STORAGE(29), BLOOM_FILTER(30), USER_RINGBUF(31),
    CGRP_STORAGE(32), ARENA(33),
    /** A type this version of jnetkit does not know. */
    UNKNOWN(-1);

    private final int value;

    MapType(int value) {
        this.value = value;
    }

    /** The kernel's number. */
    public int value() {
        return value;
    }

    /**
     * Local storage (socket, inode, task, cgroup) and struct_ops maps: created with
     * max_entries 0, which the kernel requires.
     */
    public boolean sizedByKernel() {
        return switch (this) {
            case SK_STORAGE, INODE_STORAGE, TASK_STORAGE, CGRP_STORAGE, CGROUP_STORAGE, PERCPU_CGROUP_STORAGE -> true;
            default -> false;
        };
    }

    /** The constant for a kernel value, {@link #UNKNOWN} for one not listed. */
    public static MapType of(int value) {
        for (MapType t : values()) {
            if (t.value == value) return t;
        }
        return UNKNOWN;
    }

    /**
     * Per-CPU maps hold one value per possible CPU: lookups return, and updates take,
     * {@code roundUp(valueSize, 8) × possibleCpus} bytes.
     */
    public boolean perCpu() {
        return this == PERCPU_HASH || this == PERCPU_ARRAY || this == LRU_PERCPU_HASH || this == PERCPU_CGROUP_STORAGE;
    }

    /** bpftool's word: {@code hash}, {@code percpu_array}. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
