package io.jnetkit.bpf.internal;

import io.jnetkit.abi.BpfAbi;
import io.jnetkit.sys.Errno;
import io.jnetkit.sys.KernelException;
import io.jnetkit.sys.internal.Syscall;
import io.jnetkit.sys.internal.Sysno;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The bpf(2) system call, one method per command. Internal to jnetkit: the public classes in
 * {@code io.jnetkit.bpf} call these and never hand an attr segment to users.
 *
 * <p>Every call passes a freshly zeroed {@value BpfAbi#ATTR_SIZE}-byte attr (the kernel
 * rejects a non-zero tail it does not know with E2BIG, and accepts a longer zero one). errno
 * is captured per call by {@link Syscall}. Failures become {@link KernelException} whose
 * operation is the caller's {@code what} ("load program foo"), so messages read
 * {@code load program foo: EACCES (Permission denied)}. Where an errno is an ordinary answer
 * (ENOENT from a lookup, the end of an id walk) the method returns it instead of throwing.
 */
public final class Bpf {
    private Bpf() {}

    private static final long NR = Sysno.BPF.number();

    /** A zeroed attr the size jnetkit always passes. */
    public static MemorySegment attr(Arena arena) {
        return arena.allocate(BpfAbi.ATTR_SIZE, 8);
    }

    /** One bpf(2) call with {@code attr}; returns the raw result, never throws for the kernel. */
    public static Syscall.Result call(int cmd, MemorySegment attr) {
        if (attr.byteSize() != BpfAbi.ATTR_SIZE) {
            throw new IllegalArgumentException("bpf attr must be " + BpfAbi.ATTR_SIZE + " bytes");
        }
        return Syscall.call(NR, cmd, attr.address(), BpfAbi.ATTR_SIZE, 0, 0, 0);
    }

    /** {@link #call}, throwing {@link KernelException} naming {@code what} on failure. */
    public static long check(String what, int cmd, MemorySegment attr) {
        Syscall.Result r = call(cmd, attr);
        if (r.failed()) {
            throw new KernelException(what, r.errno());
        }
        return r.value();
    }

    private static long ptr(Arena arena, byte[] bytes) {
        if (bytes == null) {
            return 0;
        }
        MemorySegment s = arena.allocate(Math.max(1, bytes.length), 8);
        MemorySegment.copy(bytes, 0, s, JAVA_BYTE, 0, bytes.length);
        return s.address();
    }

    private static void putName(MemorySegment attr, long offset, String name) {
        if (name == null || name.isEmpty()) {
            return;
        }
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        if (b.length >= BpfAbi.OBJ_NAME_LEN) {
            throw new IllegalArgumentException("bpf object name longer than 15 bytes: " + name);
        }
        MemorySegment.copy(b, 0, attr, JAVA_BYTE, offset, b.length);
    }

    // ---------------------------------------------------------------- programs

    /** Result of a PROG_LOAD: fd ≥ 0 on success, else errno; logTrueSize is 0 before 6.4. */
    public record LoadResult(int fd, int errno, int logTrueSize) {
        public boolean ok() { return fd >= 0; }
    }

    /**
     * BPF_PROG_LOAD. {@code logBuf} is NULL for no log (then logLevel must be 0). EAGAIN (the
     * verifier saw a signal) is retried a few times as libbpf does.
     */
    public static LoadResult progLoad(int progType, int expectedAttachType, byte[] insns, String license,
                                      String name, int progFlags, int logLevel, MemorySegment logBuf) {
        return progLoad(progType, expectedAttachType, insns, license, name, progFlags, logLevel, logBuf, null);
    }

    /**
     * BTF debug information for PROG_LOAD: the BTF object's fd and the {@code bpf_func_info} /
     * {@code bpf_line_info} records (insn_off in instructions from the program start). With line
     * info the verifier log shows the source line ("; return x;") before the instructions.
     */
    public record ProgBtf(int btfFd, int funcInfoRecSize, byte[] funcInfo, int lineInfoRecSize, byte[] lineInfo) {}

    /** {@link #progLoad(int, int, byte[], String, String, int, int, MemorySegment)} with BTF func and line info. */
    public static LoadResult progLoad(int progType, int expectedAttachType, byte[] insns, String license,
                                      String name, int progFlags, int logLevel, MemorySegment logBuf, ProgBtf btf) {
        return progLoad(progType, expectedAttachType, insns, license, name, progFlags, logLevel, logBuf, btf, null);
    }

    /**
     * {@link #progLoad(int, int, byte[], String, String, int, int, MemorySegment, ProgBtf)} with an
     * fd_array (Linux 5.13): the BTF fds that kfunc calls (their insn off) name by index; slot 0
     * stands for vmlinux and is not read. fd_array_cnt stays 0, so the kernel reads only the
     * slots the instructions name.
     */
    public static LoadResult progLoad(int progType, int expectedAttachType, byte[] insns, String license,
                                      String name, int progFlags, int logLevel, MemorySegment logBuf, ProgBtf btf,
                                      int[] fdArray) {
        if (insns.length % BpfAbi.INSN_SIZE != 0) {
            throw new IllegalArgumentException("instructions are 8 bytes each, got " + insns.length + " bytes");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = attr(arena);
            a.set(JAVA_INT, BpfAbi.PROG_LOAD_PROG_TYPE, progType);
            a.set(JAVA_INT, BpfAbi.PROG_LOAD_INSN_CNT, insns.length / BpfAbi.INSN_SIZE);
            a.set(JAVA_LONG, BpfAbi.PROG_LOAD_INSNS, ptr(arena, insns));
            a.set(JAVA_LONG, BpfAbi.PROG_LOAD_LICENSE, arena.allocateFrom(license).address());
            a.set(JAVA_INT, BpfAbi.PROG_LOAD_PROG_FLAGS, progFlags);
            putName(a, BpfAbi.PROG_LOAD_PROG_NAME, name);
            a.set(JAVA_INT, BpfAbi.PROG_LOAD_EXPECTED_ATTACH_TYPE, expectedAttachType);
            if (btf != null) {
                a.set(JAVA_INT, BpfAbi.PROG_LOAD_PROG_BTF_FD, btf.btfFd());
                if (btf.funcInfo() != null && btf.funcInfo().length > 0) {
                    a.set(JAVA_INT, BpfAbi.PROG_LOAD_FUNC_INFO_REC_SIZE, btf.funcInfoRecSize());
                    a.set(JAVA_LONG, BpfAbi.PROG_LOAD_FUNC_INFO, ptr(arena, btf.funcInfo()));
                    a.set(JAVA_INT, BpfAbi.PROG_LOAD_FUNC_INFO_CNT, btf.funcInfo().length / btf.funcInfoRecSize());
                }
                if (btf.lineInfo() != null && btf.lineInfo().length > 0) {
                    a.set(JAVA_INT, BpfAbi.PROG_LOAD_LINE_INFO_REC_SIZE, btf.lineInfoRecSize());
                    a.set(JAVA_LONG, BpfAbi.PROG_LOAD_LINE_INFO, ptr(arena, btf.lineInfo()));
                    a.set(JAVA_INT, BpfAbi.PROG_LOAD_LINE_INFO_CNT, btf.lineInfo().length / btf.lineInfoRecSize());
                }
            }
            if (fdArray != null && fdArray.length > 0) {
                a.set(JAVA_LONG, BpfAbi.PROG_LOAD_FD_ARRAY, arena.allocateFrom(JAVA_INT, fdArray).address());
            }
            if (logBuf != null && logBuf.byteSize() > 0) {
                a.set(JAVA_INT, BpfAbi.PROG_LOAD_LOG_LEVEL, logLevel);
                a.set(JAVA_INT, BpfAbi.PROG_LOAD_LOG_SIZE, (int) Math.min(logBuf.byteSize(), Integer.MAX_VALUE));
                a.set(JAVA_LONG, BpfAbi.PROG_LOAD_LOG_BUF, logBuf.address());
            }
            Syscall.Result r = null;
            for (int attempt = 0; attempt < 5; attempt++) {
                r = call(BpfAbi.BPF_PROG_LOAD, a);
                if (!r.failed() || r.errno() != Errno.EAGAIN) {
                    break;
                }
            }
            int trueSize = a.get(JAVA_INT, BpfAbi.PROG_LOAD_LOG_TRUE_SIZE);
            return r.failed() ? new LoadResult(-1, r.errno(), trueSize) : new LoadResult((int) r.value(), 0, trueSize);
        }
    }

    /** Output of one PROG_TEST_RUN. {@code dataSizeOut} is the kernel's full size (may exceed dataOut). */
    public record TestRunRaw(int retval, int durationNs, byte[] dataOut, int dataSizeOut, int errno) {}

    /**
     * BPF_PROG_TEST_RUN with packet data. Returns ENOSPC (data_out too small, data still
     * filled) in {@code errno} instead of throwing; any other error throws. EINTR (a signal
     * during a long repeat) is retried.
     */
    public static TestRunRaw progTestRun(String what, int progFd, byte[] data, int dataOutCapacity, int repeat) {
        // data_size_out 0 means "no limit" to the kernel, which would then copy the whole packet
        // into whatever data_out points at.
        if (dataOutCapacity < 1) {
            throw new IllegalArgumentException(what + ": data out capacity must be at least 1 byte, not " + dataOutCapacity);
        }
        while (true) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment a = attr(arena);
                MemorySegment out = arena.allocate(Math.max(1, dataOutCapacity), 8);
                a.set(JAVA_INT, BpfAbi.TEST_PROG_FD, progFd);
                a.set(JAVA_INT, BpfAbi.TEST_DATA_SIZE_IN, data.length);
                a.set(JAVA_LONG, BpfAbi.TEST_DATA_IN, ptr(arena, data));
                a.set(JAVA_INT, BpfAbi.TEST_DATA_SIZE_OUT, dataOutCapacity);
                a.set(JAVA_LONG, BpfAbi.TEST_DATA_OUT, out.address());
                a.set(JAVA_INT, BpfAbi.TEST_REPEAT, repeat);
                Syscall.Result r = call(BpfAbi.BPF_PROG_TEST_RUN, a);
                if (r.failed() && r.errno() == Errno.EINTR) {
                    continue;
                }
                if (r.failed() && r.errno() != Errno.ENOSPC) {
                    throw new KernelException(what, r.errno());
                }
                int sizeOut = a.get(JAVA_INT, BpfAbi.TEST_DATA_SIZE_OUT);
                byte[] bytes = out.asSlice(0, Math.min(Integer.toUnsignedLong(sizeOut), dataOutCapacity))
                        .toArray(JAVA_BYTE);
                return new TestRunRaw(a.get(JAVA_INT, BpfAbi.TEST_RETVAL), a.get(JAVA_INT, BpfAbi.TEST_DURATION),
                        bytes, sizeOut, r.failed() ? r.errno() : 0);
            }
        }
    }

    // ---------------------------------------------------------------- maps

    /** BPF_MAP_CREATE; returns the map fd. */
    public static int mapCreate(String what, int type, int keySize, int valueSize, int maxEntries, int flags,
                                String name) {
        return mapCreate(what, type, keySize, valueSize, maxEntries, flags, name, 0, 0, 0, 0);
    }

    /**
     * BPF_MAP_CREATE with BTF — key and value type ids in the BTF object {@code btfFd} (0: none)
     * — and, for map-in-map types, the template map {@code innerMapFd} (0: none).
     */
    public static int mapCreate(String what, int type, int keySize, int valueSize, int maxEntries, int flags,
                                String name, int btfFd, int btfKeyTypeId, int btfValueTypeId, int innerMapFd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = attr(arena);
            a.set(JAVA_INT, BpfAbi.MAP_CREATE_MAP_TYPE, type);
            a.set(JAVA_INT, BpfAbi.MAP_CREATE_KEY_SIZE, keySize);
            a.set(JAVA_INT, BpfAbi.MAP_CREATE_VALUE_SIZE, valueSize);
            a.set(JAVA_INT, BpfAbi.MAP_CREATE_MAX_ENTRIES, maxEntries);
            a.set(JAVA_INT, BpfAbi.MAP_CREATE_MAP_FLAGS, flags);
            putName(a, BpfAbi.MAP_CREATE_MAP_NAME, name);
            if (innerMapFd > 0) a.set(JAVA_INT, BpfAbi.MAP_CREATE_INNER_MAP_FD, innerMapFd);
            if (btfFd > 0) {
                a.set(JAVA_INT, BpfAbi.MAP_CREATE_BTF_FD, btfFd);
                a.set(JAVA_INT, BpfAbi.MAP_CREATE_BTF_KEY_TYPE_ID, btfKeyTypeId);
                a.set(JAVA_INT, BpfAbi.MAP_CREATE_BTF_VALUE_TYPE_ID, btfValueTypeId);
            }
            return (int) check(what, BpfAbi.BPF_MAP_CREATE, a);
        }
    }

    private static Syscall.Result elem(int cmd, int mapFd, byte[] key, byte[] valueIn, byte[] valueOut, long flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = attr(arena);
            a.set(JAVA_INT, BpfAbi.MAP_ELEM_MAP_FD, mapFd);
            a.set(JAVA_LONG, BpfAbi.MAP_ELEM_KEY, ptr(arena, key));
            MemorySegment out = null;
            if (valueIn != null) {
                a.set(JAVA_LONG, BpfAbi.MAP_ELEM_VALUE, ptr(arena, valueIn));
            } else if (valueOut != null) {
                out = arena.allocate(Math.max(1, valueOut.length), 8);
                a.set(JAVA_LONG, BpfAbi.MAP_ELEM_VALUE, out.address());
            }
            a.set(JAVA_LONG, BpfAbi.MAP_ELEM_FLAGS, flags);
            Syscall.Result r = call(cmd, a);
            if (!r.failed() && out != null) {
                MemorySegment.copy(out, JAVA_BYTE, 0, valueOut, 0, valueOut.length);
            }
            return r;
        }
    }

    /** BPF_MAP_LOOKUP_ELEM into {@code valueOut}; false when the key is absent (ENOENT). */
    public static boolean mapLookup(String what, int mapFd, byte[] key, byte[] valueOut, long flags) {
        Syscall.Result r = elem(BpfAbi.BPF_MAP_LOOKUP_ELEM, mapFd, key, null, valueOut, flags);
        if (r.failed()) {
            if (r.errno() == Errno.ENOENT) return false;
            throw new KernelException(what, r.errno());
        }
        return true;
    }

    /** BPF_MAP_UPDATE_ELEM; flags BPF_ANY / BPF_NOEXIST (EEXIST if present) / BPF_EXIST (ENOENT if absent). */
    public static void mapUpdate(String what, int mapFd, byte[] key, byte[] value, long flags) {
        Syscall.Result r = elem(BpfAbi.BPF_MAP_UPDATE_ELEM, mapFd, key, value, null, flags);
        if (r.failed()) throw new KernelException(what, r.errno());
    }

    /**
     * BPF_MAP_FREEZE: from now on the syscall side cannot change the map (updates give EPERM);
     * with BPF_F_RDONLY_PROG the verifier may then treat its contents as constants.
     */
    public static void mapFreeze(String what, int mapFd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = attr(arena);
            a.set(JAVA_INT, BpfAbi.MAP_FREEZE_MAP_FD, mapFd);
            check(what, BpfAbi.BPF_MAP_FREEZE, a);
        }
    }

    /** BPF_PROG_BIND_MAP: {@code progFd}'s program keeps {@code mapFd}'s map alive and lists it in its map ids. */
    public static void progBindMap(String what, int progFd, int mapFd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = attr(arena);
            a.set(JAVA_INT, BpfAbi.PROG_BIND_MAP_PROG_FD, progFd);
            a.set(JAVA_INT, BpfAbi.PROG_BIND_MAP_MAP_FD, mapFd);
            check(what, BpfAbi.BPF_PROG_BIND_MAP, a);
        }
    }

    /** BPF_MAP_DELETE_ELEM; false when the key was absent (ENOENT). Arrays refuse with EINVAL. */
    public static boolean mapDelete(String what, int mapFd, byte[] key) {
        Syscall.Result r = elem(BpfAbi.BPF_MAP_DELETE_ELEM, mapFd, key, null, null, 0);
        if (r.failed()) {
            if (r.errno() == Errno.ENOENT) return false;
            throw new KernelException(what, r.errno());
        }
        return true;
    }

    /** BPF_MAP_GET_NEXT_KEY: {@code key} null asks for the first; false at the end (ENOENT). */
    public static boolean mapGetNextKey(String what, int mapFd, byte[] key, byte[] nextOut) {
        Syscall.Result r = elem(BpfAbi.BPF_MAP_GET_NEXT_KEY, mapFd, key, null, nextOut, 0);
        if (r.failed()) {
            if (r.errno() == Errno.ENOENT) return false;
            throw new KernelException(what, r.errno());
        }
        return true;
    }

    // ---------------------------------------------------------------- bpffs

    /** BPF_OBJ_PIN: {@code path} must be on a mounted bpffs and must not exist yet (EEXIST). */
    public static void objPin(String what, int fd, String path) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = attr(arena);
            a.set(JAVA_LONG, BpfAbi.OBJ_PATHNAME, arena.allocateFrom(path).address());
            a.set(JAVA_INT, BpfAbi.OBJ_BPF_FD, fd);
            check(what, BpfAbi.BPF_OBJ_PIN, a);
        }
    }

    /** BPF_OBJ_GET: a new fd for the object pinned at {@code path}. */
    public static int objGet(String what, String path, int fileFlags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = attr(arena);
            a.set(JAVA_LONG, BpfAbi.OBJ_PATHNAME, arena.allocateFrom(path).address());
            a.set(JAVA_INT, BpfAbi.OBJ_FILE_FLAGS, fileFlags);
            return (int) check(what, BpfAbi.BPF_OBJ_GET, a);
        }
    }

    // ---------------------------------------------------------------- attach

    /**
     * BPF_LINK_CREATE in the tcx/netkit shape. {@code ifindex} is resolved in the calling
     * thread's netns; for both netkit attach types it is the primary's.
     */
    public static int linkCreate(String what, int progFd, int ifindex, int attachType, int flags, int relative,
                                 long expectedRevision) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = attr(arena);
            a.set(JAVA_INT, BpfAbi.LINK_CREATE_PROG_FD, progFd);
            a.set(JAVA_INT, BpfAbi.LINK_CREATE_TARGET_IFINDEX, ifindex);
            a.set(JAVA_INT, BpfAbi.LINK_CREATE_ATTACH_TYPE, attachType);
            a.set(JAVA_INT, BpfAbi.LINK_CREATE_FLAGS, flags);
            a.set(JAVA_INT, BpfAbi.LINK_CREATE_RELATIVE_FD, relative);
            a.set(JAVA_LONG, BpfAbi.LINK_CREATE_EXPECTED_REVISION, expectedRevision);
            return (int) check(what, BpfAbi.BPF_LINK_CREATE, a);
        }
    }

    /** LINK_CREATE returning the raw result (feature probes look at the errno). */
    public static Syscall.Result linkCreateRaw(int progFd, int ifindex, int attachType) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = attr(arena);
            a.set(JAVA_INT, BpfAbi.LINK_CREATE_PROG_FD, progFd);
            a.set(JAVA_INT, BpfAbi.LINK_CREATE_TARGET_IFINDEX, ifindex);
            a.set(JAVA_INT, BpfAbi.LINK_CREATE_ATTACH_TYPE, attachType);
            return call(BpfAbi.BPF_LINK_CREATE, a);
        }
    }

    /** BPF_LINK_UPDATE: atomic swap; with BPF_F_REPLACE the current program must be {@code oldProgFd} (else EPERM). */
    public static void linkUpdate(String what, int linkFd, int newProgFd, int flags, int oldProgFd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = attr(arena);
            a.set(JAVA_INT, BpfAbi.LINK_UPDATE_LINK_FD, linkFd);
            a.set(JAVA_INT, BpfAbi.LINK_UPDATE_NEW_PROG_FD, newProgFd);
            a.set(JAVA_INT, BpfAbi.LINK_UPDATE_FLAGS, flags);
            a.set(JAVA_INT, BpfAbi.LINK_UPDATE_OLD_PROG_FD, oldProgFd);
            check(what, BpfAbi.BPF_LINK_UPDATE, a);
        }
    }

    /** BPF_LINK_DETACH: the link becomes defunct, its fd stays valid until closed. */
    public static void linkDetach(String what, int linkFd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = attr(arena);
            a.set(JAVA_INT, BpfAbi.LINK_DETACH_LINK_FD, linkFd);
            check(what, BpfAbi.BPF_LINK_DETACH, a);
        }
    }

    private static MemorySegment progAttachAttr(Arena arena, int ifindex, int progFd, int attachType, int flags,
                                                int replaceFd, int relative, long expectedRevision) {
        MemorySegment a = attr(arena);
        a.set(JAVA_INT, BpfAbi.PROG_ATTACH_TARGET_IFINDEX, ifindex);
        a.set(JAVA_INT, BpfAbi.PROG_ATTACH_ATTACH_BPF_FD, progFd);
        a.set(JAVA_INT, BpfAbi.PROG_ATTACH_ATTACH_TYPE, attachType);
        a.set(JAVA_INT, BpfAbi.PROG_ATTACH_ATTACH_FLAGS, flags);
        a.set(JAVA_INT, BpfAbi.PROG_ATTACH_REPLACE_BPF_FD, replaceFd);
        a.set(JAVA_INT, BpfAbi.PROG_ATTACH_RELATIVE_FD, relative);
        a.set(JAVA_LONG, BpfAbi.PROG_ATTACH_EXPECTED_REVISION, expectedRevision);
        return a;
    }

    /** BPF_PROG_ATTACH, mprog form (tcx/netkit): the kernel keeps its own program reference. */
    public static void progAttach(String what, int ifindex, int progFd, int attachType, int flags, int replaceFd,
                                  int relative, long expectedRevision) {
        try (Arena arena = Arena.ofConfined()) {
            check(what, BpfAbi.BPF_PROG_ATTACH,
                    progAttachAttr(arena, ifindex, progFd, attachType, flags, replaceFd, relative, expectedRevision));
        }
    }

    /** BPF_PROG_DETACH, mprog form. A program owned by a link gives EBUSY; nothing attached ENOENT. */
    public static void progDetach(String what, int ifindex, int progFd, int attachType, int flags, int relative,
                                  long expectedRevision) {
        try (Arena arena = Arena.ofConfined()) {
            check(what, BpfAbi.BPF_PROG_DETACH,
                    progAttachAttr(arena, ifindex, progFd, attachType, flags, 0, relative, expectedRevision));
        }
    }

    /** PROG_QUERY output: {@code count} is the total attached, possibly more than the arrays hold. */
    public record QueryRaw(int count, long revision, int[] progIds, int[] linkIds) {
        public boolean truncated() { return count > progIds.length; }
    }

    /**
     * BPF_PROG_QUERY for a tcx/netkit hook with room for {@code capacity} entries. ENOSPC
     * (more attached than capacity) is not an error here: the arrays are filled up to
     * capacity and {@link QueryRaw#truncated()} says so.
     */
    public static QueryRaw progQuery(String what, int ifindex, int attachType, int capacity) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = attr(arena);
            int cap = Math.max(0, capacity);
            MemorySegment progs = arena.allocate(JAVA_INT, Math.max(1, cap));
            MemorySegment links = arena.allocate(JAVA_INT, Math.max(1, cap));
            a.set(JAVA_INT, BpfAbi.QUERY_TARGET_IFINDEX, ifindex);
            a.set(JAVA_INT, BpfAbi.QUERY_ATTACH_TYPE, attachType);
            if (cap > 0) {
                a.set(JAVA_LONG, BpfAbi.QUERY_PROG_IDS, progs.address());
                a.set(JAVA_LONG, BpfAbi.QUERY_LINK_IDS, links.address());
            }
            a.set(JAVA_INT, BpfAbi.QUERY_COUNT, cap);
            Syscall.Result r = call(BpfAbi.BPF_PROG_QUERY, a);
            if (r.failed() && r.errno() != Errno.ENOSPC) {
                throw new KernelException(what, r.errno());
            }
            int count = a.get(JAVA_INT, BpfAbi.QUERY_COUNT);
            int n = Math.min(count, cap);
            return new QueryRaw(count, a.get(JAVA_LONG, BpfAbi.QUERY_REVISION),
                    n == 0 ? new int[0] : progs.asSlice(0, 4L * n).toArray(JAVA_INT),
                    n == 0 ? new int[0] : links.asSlice(0, 4L * n).toArray(JAVA_INT));
        }
    }

    // ---------------------------------------------------------------- ids and info

    private static int nextId(int cmd, int start) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = attr(arena);
            a.set(JAVA_INT, BpfAbi.GET_ID_START_ID, start);
            Syscall.Result r = call(cmd, a);
            if (r.failed()) {
                if (r.errno() == Errno.ENOENT) return 0;
                throw new KernelException(switch (cmd) {
                    case BpfAbi.BPF_PROG_GET_NEXT_ID -> "list programs";
                    case BpfAbi.BPF_MAP_GET_NEXT_ID -> "list maps";
                    case BpfAbi.BPF_BTF_GET_NEXT_ID -> "list BTF objects";
                    default -> "list links";
                }, r.errno());
            }
            return a.get(JAVA_INT, BpfAbi.GET_ID_NEXT_ID);
        }
    }

    /** BPF_PROG_GET_NEXT_ID: the next id above {@code start}, or 0 at the end. */
    public static int progGetNextId(int start) { return nextId(BpfAbi.BPF_PROG_GET_NEXT_ID, start); }

    /** BPF_MAP_GET_NEXT_ID: the next id above {@code start}, or 0 at the end. */
    public static int mapGetNextId(int start) { return nextId(BpfAbi.BPF_MAP_GET_NEXT_ID, start); }

    /** BPF_LINK_GET_NEXT_ID: the next id above {@code start}, or 0 at the end. */
    public static int linkGetNextId(int start) { return nextId(BpfAbi.BPF_LINK_GET_NEXT_ID, start); }

    private static int fdById(String what, int cmd, int id) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = attr(arena);
            a.set(JAVA_INT, BpfAbi.GET_ID_ID, id);
            return (int) check(what, cmd, a);
        }
    }

    /** BPF_BTF_GET_NEXT_ID: the next BTF object id above {@code start}, or 0 at the end. */
    public static int btfGetNextId(int start) { return nextId(BpfAbi.BPF_BTF_GET_NEXT_ID, start); }

    /** BPF_BTF_GET_FD_BY_ID; ENOENT when the BTF object is gone. */
    public static int btfGetFdById(String what, int id) { return fdById(what, BpfAbi.BPF_BTF_GET_FD_BY_ID, id); }

    /** What jnetkit reads of a BTF object's {@code struct bpf_btf_info}: its name, and whether it is the kernel's. */
    public record BtfInfo(int id, String name, boolean kernelBtf) {}

    /** BPF_OBJ_GET_INFO_BY_FD on a BTF fd: "vmlinux", a module's name, or "" for a loaded object's BTF. */
    public static BtfInfo btfInfo(String what, int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(BpfAbi.BTF_INFO_SIZE, 8);
            MemorySegment name = arena.allocate(BpfAbi.OBJ_NAME_LEN * 4);
            info.set(JAVA_LONG, BpfAbi.BTF_INFO_NAME, name.address());
            info.set(JAVA_INT, BpfAbi.BTF_INFO_NAME_LEN, (int) name.byteSize());
            objGetInfoByFd(what, fd, info);
            return new BtfInfo(info.get(JAVA_INT, BpfAbi.BTF_INFO_ID), name.getString(0),
                    info.get(JAVA_INT, BpfAbi.BTF_INFO_KERNEL_BTF) != 0);
        }
    }

    /** BPF_PROG_GET_FD_BY_ID; ENOENT when the program is gone. */
    public static int progGetFdById(String what, int id) { return fdById(what, BpfAbi.BPF_PROG_GET_FD_BY_ID, id); }

    /** BPF_MAP_GET_FD_BY_ID; ENOENT when the map is gone. */
    public static int mapGetFdById(String what, int id) { return fdById(what, BpfAbi.BPF_MAP_GET_FD_BY_ID, id); }

    /** BPF_LINK_GET_FD_BY_ID; ENOENT when the link is gone. */
    public static int linkGetFdById(String what, int id) { return fdById(what, BpfAbi.BPF_LINK_GET_FD_BY_ID, id); }

    /**
     * BPF_OBJ_GET_INFO_BY_FD into {@code info} (zeroed by the caller; pointer fields in it,
     * such as map_ids, must already be set). Returns the bytes the kernel wrote.
     */
    public static int objGetInfoByFd(String what, int fd, MemorySegment info) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = attr(arena);
            a.set(JAVA_INT, BpfAbi.INFO_BPF_FD, fd);
            a.set(JAVA_INT, BpfAbi.INFO_INFO_LEN, (int) info.byteSize());
            a.set(JAVA_LONG, BpfAbi.INFO_INFO, info.address());
            check(what, BpfAbi.BPF_OBJ_GET_INFO_BY_FD, a);
            return a.get(JAVA_INT, BpfAbi.INFO_INFO_LEN);
        }
    }

    /** {@link #objGetInfoByFd} into a fresh {@value BpfAbi#INFO_BUFFER_SIZE}-byte buffer, returned as bytes. */
    public static byte[] objGetInfoByFd(String what, int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(BpfAbi.INFO_BUFFER_SIZE, 8);
            objGetInfoByFd(what, fd, info);
            return info.toArray(JAVA_BYTE);
        }
    }

    // ---------------------------------------------------------------- BTF

    /** BPF_BTF_LOAD of raw BTF bytes; {@code logBuf} NULL for no log. Returns fd or errno like {@link #progLoad}. */
    public static LoadResult btfLoad(byte[] btf, int logLevel, MemorySegment logBuf) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = attr(arena);
            a.set(JAVA_LONG, BpfAbi.BTF_LOAD_BTF, ptr(arena, btf));
            a.set(JAVA_INT, BpfAbi.BTF_LOAD_BTF_SIZE, btf.length);
            if (logBuf != null && logBuf.byteSize() > 0) {
                a.set(JAVA_LONG, BpfAbi.BTF_LOAD_LOG_BUF, logBuf.address());
                a.set(JAVA_INT, BpfAbi.BTF_LOAD_LOG_SIZE, (int) Math.min(logBuf.byteSize(), Integer.MAX_VALUE));
                a.set(JAVA_INT, BpfAbi.BTF_LOAD_LOG_LEVEL, logLevel);
            }
            Syscall.Result r = call(BpfAbi.BPF_BTF_LOAD, a);
            int trueSize = a.get(JAVA_INT, BpfAbi.BTF_LOAD_LOG_TRUE_SIZE);
            return r.failed() ? new LoadResult(-1, r.errno(), trueSize) : new LoadResult((int) r.value(), 0, trueSize);
        }
    }
}
