package io.jnetkit.bpf;

import io.jnetkit.abi.BpfAbi;
import io.jnetkit.bpf.internal.Bpf;
import io.jnetkit.sys.Errno;
import io.jnetkit.sys.Fd;
import io.jnetkit.sys.KernelException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * A map in the kernel, owning its descriptor; keys and values are raw bytes of exactly the
 * map's sizes. For per-CPU maps a value is {@link #valueBufferSize()} bytes: one 8-byte-aligned
 * slot per possible CPU.
 *
 * <p>Semantics of the kernel kept as they are: {@link #lookup} of an absent key is empty
 * (ENOENT); {@link UpdateMode#NO_EXIST} on a present key is EEXIST and {@link UpdateMode#EXIST}
 * on an absent one ENOENT; array elements always exist and cannot be deleted (EINVAL).
 */
public final class BpfMap implements AutoCloseable {
    /** How {@link #update} treats an existing or missing key. */
    public enum UpdateMode {
        /** Create or replace (BPF_ANY). */
        ANY(BpfAbi.BPF_ANY),
        /** Create only; a present key is EEXIST (BPF_NOEXIST). */
        NO_EXIST(BpfAbi.BPF_NOEXIST),
        /** Replace only; an absent key is ENOENT (BPF_EXIST). */
        EXIST(BpfAbi.BPF_EXIST);

        final long flag;

        UpdateMode(long flag) {
            this.flag = flag;
        }
    }

    private final Fd fd;
    private final String name;
    private final MapType type;
    private final int keySize;
    private final int valueSize;
    private final int maxEntries;
    private final int id;

    private BpfMap(Fd fd, MapInfo info) {
        this.fd = fd;
        this.name = info.name();
        this.type = info.type();
        this.keySize = info.keySize();
        this.valueSize = info.valueSize();
        this.maxEntries = info.maxEntries();
        this.id = info.id();
    }

    /** Creates a map (BPF_MAP_CREATE). {@code bpftool map create}. */
    public static BpfMap create(MapSpec spec) {
        String what = "create " + Names.label("map", spec.name());
        int raw = Bpf.mapCreate(what, spec.type().value(), spec.keySize(), spec.valueSize(), spec.maxEntries(),
                spec.flags(), spec.name());
        return adopt(raw, what);
    }

    /**
     * Creates a map whose key and value are described by BTF ({@code bpftool map dump} then
     * prints typed values, and values holding {@code struct bpf_spin_lock}, {@code bpf_timer} or
     * kptrs need it): type ids {@code keyTypeId} and {@code valueTypeId} of {@code btf} (0 for
     * none — libbpf's choice for a global data map's key). libbpf creates maps of a BTF-defined
     * object this way.
     */
    public static BpfMap create(MapSpec spec, Btf btf, int keyTypeId, int valueTypeId) {
        String what = "create " + Names.label("map", spec.name()) + " with BTF";
        int raw = Bpf.mapCreate(what, spec.type().value(), spec.keySize(), spec.valueSize(), spec.maxEntries(),
                spec.flags(), spec.name(), btf.fd().value(), keyTypeId, valueTypeId, 0);
        return adopt(raw, what);
    }

    /**
     * Creates an ARRAY_OF_MAPS or HASH_OF_MAPS whose elements are maps like {@code innerTemplate}
     * (the kernel copies its type, sizes and flags; the template may be closed afterwards).
     * Values are map fds (4 bytes) on update and map ids on lookup. {@code bpftool map create …
     * inner_map}.
     */
    public static BpfMap createMapInMap(MapSpec spec, BpfMap innerTemplate) {
        if (spec.type() != MapType.ARRAY_OF_MAPS && spec.type() != MapType.HASH_OF_MAPS) {
            throw new IllegalArgumentException(Names.label("map", spec.name()) + ": " + spec.type().word()
                    + " is not a map-in-map type");
        }
        String what = "create " + Names.label("map", spec.name());
        int raw = Bpf.mapCreate(what, spec.type().value(), spec.keySize(), spec.valueSize(), spec.maxEntries(),
                spec.flags(), spec.name(), 0, 0, 0, innerTemplate.fd().value());
        return adopt(raw, what);
    }

    /** The number of possible CPUs (/sys/devices/system/cpu/possible): per-CPU value slots, perf event array size. */
    public static int possibleCpus() {
        return PossibleCpus.count();
    }

    /**
     * Opens the map pinned at {@code path} (BPF_OBJ_GET).
     * Throws {@link IllegalArgumentException} when something else is pinned there ("… is a pinned
     * program, not a map"), or the path is not on a bpffs; {@link io.jnetkit.sys.KernelException}
     * ENOENT when nothing is pinned there.
     */
    public static BpfMap fromPinned(Path path) {
        return adopt(Pins.open(path, BpfObjects.Kind.MAP), "open pinned map " + path);
    }

    /** Opens the map with kernel id {@code id}; ENOENT when gone. */
    public static BpfMap fromId(int id) {
        String what = "open map id " + id;
        return adopt(Bpf.mapGetFdById(what, id), what);
    }

    private static BpfMap adopt(int raw, String what) {
        Fd fd = Fd.adopt(raw, what);
        try {
            return new BpfMap(fd, Infos.map(what, raw, false));
        } catch (RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    public Fd fd() { return fd; }

    public String name() { return name; }

    public MapType type() { return type; }

    public int keySize() { return keySize; }

    /** Value size as created (per CPU for per-CPU maps). */
    public int valueSize() { return valueSize; }

    public int maxEntries() { return maxEntries; }

    public int id() { return id; }

    /** Bytes of one lookup/update value: valueSize, or roundUp(valueSize, 8) × possible CPUs for per-CPU maps. */
    public int valueBufferSize() {
        return type.perCpu() ? ((valueSize + 7) & ~7) * PossibleCpus.count() : valueSize;
    }

    public MapInfo info() {
        return Infos.map("read info of " + label(), fd.value());
    }

    /** The BTF the map was created with (ids only; {@link Btf#fromId} opens the types). */
    public MapBtfIds btfIds() {
        return Infos.mapBtf("read info of " + label(), fd.value());
    }

    private String label() {
        return Names.label("map", name);
    }

    private void checkKey(byte[] key) {
        if (key.length != keySize) {
            throw new IllegalArgumentException(label() + " has " + keySize + "-byte keys, got " + key.length);
        }
    }

    /** The value for {@code key}, or empty when absent. {@code bpftool map lookup}. */
    public Optional<byte[]> lookup(byte[] key) {
        checkKey(key);
        byte[] value = new byte[valueBufferSize()];
        return Bpf.mapLookup("look up key in " + label(), fd.value(), key, value, 0)
                ? Optional.of(value) : Optional.empty();
    }

    /**
     * The value for {@code key} copied while holding the value's {@code struct bpf_spin_lock}
     * (BPF_F_LOCK, Linux 5.1), so a program's locked update is never seen half done. The map
     * must have been created with BTF naming the lock ({@link #create(MapSpec, Btf, int, int)});
     * otherwise the kernel says EINVAL. {@code bpftool} has no equivalent.
     */
    public Optional<byte[]> lookupLocked(byte[] key) {
        checkKey(key);
        byte[] value = new byte[valueBufferSize()];
        return Bpf.mapLookup("look up key (BPF_F_LOCK) in " + label(), fd.value(), key, value, BpfAbi.BPF_F_LOCK)
                ? Optional.of(value) : Optional.empty();
    }

    /**
     * Like {@link #update}, but writes the value while holding its {@code struct bpf_spin_lock}
     * (BPF_F_LOCK; the lock's own bytes are left alone).
     */
    public void updateLocked(byte[] key, byte[] value, UpdateMode mode) {
        checkKey(key);
        if (value.length != valueBufferSize()) {
            throw new IllegalArgumentException(label() + " takes " + valueBufferSize() + "-byte values, got " + value.length);
        }
        try {
            Bpf.mapUpdate("update key (BPF_F_LOCK) in " + label(), fd.value(), key, value, mode.flag | BpfAbi.BPF_F_LOCK);
        } catch (KernelException e) {
            throw explainReadOnly(e);
        }
    }

    /** Creates or replaces ({@link UpdateMode#ANY}). */
    public void put(byte[] key, byte[] value) {
        update(key, value, UpdateMode.ANY);
    }

    /** BPF_MAP_UPDATE_ELEM. {@code bpftool map update}. */
    public void update(byte[] key, byte[] value, UpdateMode mode) {
        checkKey(key);
        if (value.length != valueBufferSize()) {
            throw new IllegalArgumentException(label() + " takes " + valueBufferSize() + "-byte values, got " + value.length);
        }
        try {
            Bpf.mapUpdate("update key in " + label(), fd.value(), key, value, mode.flag);
        } catch (KernelException e) {
            throw explainReadOnly(e);
        }
    }

    /** Deletes {@code key}; false when it was not there. Arrays refuse with EINVAL. */
    public boolean delete(byte[] key) {
        checkKey(key);
        try {
            return Bpf.mapDelete("delete key from " + label(), fd.value(), key);
        } catch (KernelException e) {
            throw explainReadOnly(e);
        }
    }

    /**
     * EPERM from an update or delete reads as "not privileged", but a frozen map (BPF_MAP_FREEZE;
     * the ELF loader freezes .rodata after filling it) or one created with BPF_F_RDONLY refuses
     * root just the same. fdinfo says which; the errno stays EPERM.
     */
    private KernelException explainReadOnly(KernelException e) {
        if (e.errno() != Errno.EPERM || e.hint() != null) return e;
        try {
            if (FdInfo.frozen(fd.value())) {
                FrozenMapException frozen = new FrozenMapException(e.operation(), label()
                        + " is frozen (read-only since load; .rodata is frozen by the loader)");
                frozen.setStackTrace(e.getStackTrace());
                return frozen;
            }
            if ((info().flags() & BpfAbi.BPF_F_RDONLY) != 0) {
                return e.withHint(label() + " was created read-only for syscalls (BPF_F_RDONLY)");
            }
        } catch (RuntimeException unreadable) {
            e.addSuppressed(unreadable);
        }
        return e;
    }

    /**
     * The key after {@code key} in the kernel's order, or the first key when {@code key} is
     * null; empty at the end. If {@code key} is no longer in a hash map the kernel starts over
     * from the first key.
     */
    public Optional<byte[]> nextKey(byte[] key) {
        if (key != null) checkKey(key);
        byte[] next = new byte[keySize];
        return Bpf.mapGetNextKey("iterate " + label(), fd.value(), key, next) ? Optional.of(next) : Optional.empty();
    }

    /**
     * The keys, fetched lazily with BPF_MAP_GET_NEXT_KEY. Deleting the current key while
     * iterating a hash map makes the kernel restart from the first key; the iteration stops
     * after maxEntries keys so that it always ends.
     */
    public Iterable<byte[]> keys() {
        return () -> new Iterator<>() {
            private byte[] current;
            private Optional<byte[]> next;
            private long seen;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    next = seen >= maxEntries ? Optional.empty() : nextKey(current);
                }
                return next.isPresent();
            }

            @Override
            public byte[] next() {
                if (!hasNext()) throw new NoSuchElementException();
                current = next.get();
                next = null;
                seen++;
                return current.clone();
            }
        };
    }

    /**
     * Freezes the map (BPF_MAP_FREEZE): the syscall side can no longer change it (updates give
     * EPERM), programs still can unless it was created with BPF_F_RDONLY_PROG — then the verifier
     * treats its contents as constants. {@code bpftool map freeze}.
     */
    public void freeze() {
        Bpf.mapFreeze("freeze " + label(), fd.value());
    }

    /** Pins the map at {@code path} on a bpffs. {@code bpftool map pin}. */
    public void pin(Path path) {
        Bpf.objPin("pin " + label() + " at " + path, fd.value(), path.toString());
    }

    @Override
    public void close() {
        fd.close();
    }

    @Override
    public String toString() {
        return label() + " (" + type.word() + ", " + fd + ")";
    }

    /** Possible CPUs, as the kernel sizes per-CPU values: highest index in /sys/devices/system/cpu/possible + 1. */
    static final class PossibleCpus {
        private static volatile int count;

        static int count() {
            int c = count;
            if (c == 0) {
                c = parse(read());
                count = c;
            }
            return c;
        }

        private static String read() {
            try {
                return Files.readString(Path.of("/sys/devices/system/cpu/possible"));
            } catch (IOException e) {
                throw new IllegalStateException("read /sys/devices/system/cpu/possible: " + e.getMessage(), e);
            }
        }

        /** "0-3" → 4, "0-1,4-7" → 8, "0" → 1. */
        static int parse(String s) {
            int max = -1;
            for (String part : s.trim().split(",")) {
                String[] range = part.trim().split("-");
                max = Math.max(max, Integer.parseInt(range[range.length - 1].trim()));
            }
            return max + 1;
        }
    }
}
