package io.jnetkit.bpf;

import io.jnetkit.abi.BpfAbi;
import io.jnetkit.asm.AsmException;
import io.jnetkit.asm.Instructions;
import io.jnetkit.asm.Resolver;
import io.jnetkit.bpf.internal.Bpf;
import io.jnetkit.sys.Errno;
import io.jnetkit.sys.Fd;
import io.jnetkit.sys.KernelException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * A program loaded into the kernel, owning its descriptor. The program lives while any
 * descriptor, pin or attachment holds it; closing this object drops only this reference.
 *
 * <pre>{@code
 * try (Program p = Program.load(ProgramSpec.schedCls("drop", AttachType.TCX_INGRESS, insns))) {
 *     TestRun r = p.testRun(frame, 1000);
 * }
 * }</pre>
 */
public final class Program implements AutoCloseable {
    /** First verifier-log buffer; grown ×4 (or to the kernel's log_true_size) on ENOSPC. */
    static final int INITIAL_LOG_SIZE = 64 * 1024;

    private final Fd fd;
    private final String name;
    private final ProgramType type;
    private volatile int id;

    Program(Fd fd, String name, ProgramType type) {
        this.fd = fd;
        this.name = name;
        this.type = type;
    }

    /**
     * Loads {@code spec} (BPF_PROG_LOAD). Loads first without a verifier log (fast path); if that
     * fails, loads again with log level 1 into a buffer that grows on ENOSPC up to 16 MiB, and
     * throws {@link VerifierException} with the log. Needs CAP_BPF + CAP_NET_ADMIN for SCHED_CLS.
     *
     * @throws VerifierException when the verifier rejects the program
     * @throws KernelException   for any other refusal (EPERM, E2BIG, …)
     */
    public static Program load(ProgramSpec spec) {
        return load(spec, null, null, null);
    }

    /**
     * {@link #load(ProgramSpec)} of a program that names maps ({@link io.jnetkit.asm.MapRef}): each
     * map reference gets the fd of the map of that name in {@code maps} ({@code bpftool prog load
     * OBJ PATH map name NAME id ID} reuses a map the same way).
     *
     * @throws IllegalArgumentException naming a map the program refers to that {@code maps} lacks
     */
    public static Program load(ProgramSpec spec, java.util.Map<String, BpfMap> maps) {
        java.util.Objects.requireNonNull(maps, "maps");
        return load(spec, Resolver.ofMaps(name -> {
            BpfMap m = maps.get(name);
            return m == null ? null : m.fd().value();
        }), null, null);
    }

    /**
     * {@link #load(ProgramSpec)} with BTF debug information (prog_btf_fd, func_info, line_info):
     * the verifier then checks global functions on their own and prints the source line of
     * each instruction in its log, which the {@link VerifierException} message shows. The ELF
     * loader passes what it read from {@code .BTF} and {@code .BTF.ext}.
     *
     * @param debugInfo BTF and records, or null for none
     */
    public static Program load(ProgramSpec spec, DebugInfo debugInfo) {
        return load(spec, null, debugInfo, null);
    }

    /**
     * {@link #load(ProgramSpec, DebugInfo)} with PROG_LOAD's fd_array (Linux 5.13): a kfunc call
     * of a module ({@code call} with src BPF_PSEUDO_KFUNC_CALL) names the module's BTF by its
     * index in this array in the instruction's off field; index 0 means vmlinux. The fds stay
     * owned by the caller and must be open during the load.
     *
     * @param fdArray BTF fds by index (slot 0 unused), or null for none
     */
    public static Program load(ProgramSpec spec, DebugInfo debugInfo, int[] fdArray) {
        return load(spec, null, debugInfo, fdArray);
    }

    /**
     * Loads {@code spec}, first resolving its symbolic references with {@code resolver}: map fds,
     * kernel symbols (kfunc BTF ids and their fd_array indexes, {@code __ksym}s). This is the one
     * path every load takes: references resolved, then the instructions encoded once.
     *
     * @param resolver  what fills in the references, or null for a program that has none
     * @param debugInfo BTF and records, or null for none
     * @param fdArray   BTF fds by index (slot 0 unused), or null for the resolver's
     *                  ({@link Resolver#fdArray()}, known once it resolved the kfunc calls)
     * @throws IllegalArgumentException for a reference that cannot be resolved, naming it
     */
    public static Program load(ProgramSpec spec, Resolver resolver, DebugInfo debugInfo, int[] fdArray) {
        String what = "load " + Names.label("program", spec.name());
        Instructions code = spec.instructions();
        if (!code.references().isEmpty()) {
            if (resolver == null) {
                throw new IllegalArgumentException(what + ": its instructions refer to " + code.references().getFirst().name()
                        + (code.references().size() > 1 ? " and " + (code.references().size() - 1) + " more" : "")
                        + "; load it with the maps it uses (Program.load(spec, maps))");
            }
            try {
                code = code.resolve(resolver);
            } catch (AsmException e) {
                throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
            }
            if (fdArray == null) {
                fdArray = resolver.fdArray();
            }
        }
        byte[] insns = code.toBytes();
        int attach = spec.expectedAttachType() == null ? 0 : spec.expectedAttachType().value();
        Bpf.ProgBtf btf = debugInfo == null ? null : debugInfo.raw();
        Bpf.LoadResult r = Bpf.progLoad(spec.type().value(), attach, insns, spec.license(), spec.name(), 0, 0, null, btf, fdArray);
        if (r.ok()) {
            return new Program(Fd.adopt(r.fd(), "program " + spec.name()), spec.name(), spec.type());
        }
        int firstErrno = r.errno();
        if (firstErrno == Errno.EPERM) {
            throw new KernelException(what, firstErrno, null,
                    "loading " + spec.type().word() + " programs needs CAP_BPF and CAP_NET_ADMIN (or root)");
        }
        int size = INITIAL_LOG_SIZE;
        while (true) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment log = arena.allocate(size);
                Bpf.LoadResult retry = Bpf.progLoad(spec.type().value(), attach, insns, spec.license(), spec.name(), 0,
                        1, log, btf, fdArray);
                if (retry.ok()) {
                    // Passed with a log although it failed without: rare (e.g. a transient ENOMEM).
                    return new Program(Fd.adopt(retry.fd(), "program " + spec.name()), spec.name(), spec.type());
                }
                boolean full = retry.errno() == Errno.ENOSPC || Integer.toUnsignedLong(retry.logTrueSize()) > size;
                if (full && size < BpfAbi.LOG_SIZE_MAX) {
                    long want = Math.max(4L * size, Integer.toUnsignedLong(retry.logTrueSize()) + 1);
                    size = (int) Math.min(want, BpfAbi.LOG_SIZE_MAX);
                    continue;
                }
                String text = log.getString(0);
                // With a log the kernel may report ENOSPC for the log itself; the program's errno is the first one.
                int errno = retry.errno() == Errno.ENOSPC ? firstErrno : retry.errno();
                if (text.isBlank()) {
                    throw new KernelException(what, errno);
                }
                throw new VerifierException(what, errno, text, full);
            }
        }
    }

    /**
     * Opens the program pinned at {@code path} on a bpffs (BPF_OBJ_GET); {@code bpftool prog show pinned PATH}.
     * Throws {@link IllegalArgumentException} when something else is pinned there ("… is a pinned
     * program, not a program"), or the path is not on a bpffs; {@link io.jnetkit.sys.KernelException}
     * ENOENT when nothing is pinned there.
     */
    public static Program fromPinned(Path path) {
        return adopt(Pins.open(path, BpfObjects.Kind.PROGRAM), "open pinned program " + path);
    }

    /**
     * The program pinned at {@code path}, or the program a BPF link pinned there runs: jnetkit's
     * attach and policy pins are links, and asking about "the program at this pin" should not need
     * a detour through the link's id ({@code bpftool prog show pinned} refuses a link pin). Anything
     * else pinned there is refused as by {@link #fromPinned}.
     */
    public static Program fromPinnedProgramOrLink(Path path) {
        String what = "open pinned program " + path;
        int raw = Pins.open(path, BpfObjects.Kind.PROGRAM, BpfObjects.Kind.LINK);
        BpfObjects.Kind kind;
        try {
            kind = FdInfo.kind(raw);
        } catch (RuntimeException e) {
            io.jnetkit.sys.internal.Linux.close(raw);
            throw e;
        }
        if (kind == BpfObjects.Kind.PROGRAM) {
            return adopt(raw, what);
        }
        try (BpfLink link = BpfLink.adopt(raw, "open pinned link " + path)) {
            return fromId(link.info().programId());
        }
    }

    /** Opens the program with kernel id {@code id} (BPF_PROG_GET_FD_BY_ID); ENOENT when gone. */
    public static Program fromId(int id) {
        String what = "open program id " + id;
        return adopt(Bpf.progGetFdById(what, id), what);
    }

    private static Program adopt(int rawFd, String what) {
        Fd fd = Fd.adopt(rawFd, what);
        try {
            ProgramInfo info = Infos.program(what, rawFd);
            Program p = new Program(fd, info.name(), info.type());
            p.id = info.id();
            return p;
        } catch (RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    /** The owned descriptor, for passing to other bpf calls. */
    public Fd fd() {
        return fd;
    }

    /** The object name given at load ("" if none). */
    public String name() {
        return name;
    }

    public ProgramType type() {
        return type;
    }

    /** The kernel's id (from OBJ_GET_INFO_BY_FD, read once). */
    public int id() {
        int v = id;
        if (v == 0) {
            v = info().id();
            id = v;
        }
        return v;
    }

    /** The kernel's tag: a hash of the instructions, as bpftool prints it. */
    public String tag() {
        return info().tag();
    }

    /** Fresh information from the kernel (run counts change). */
    public ProgramInfo info() {
        return Infos.program("read info of " + Names.label("program", name), fd.value());
    }

    /**
     * The instructions as the kernel runs them after verification and rewriting: map references
     * become map addresses or ids, helper calls are resolved ({@code bpftool prog dump xlated}).
     *
     * @throws KernelException EPERM when the kernel hides them: it shows them only to
     *         CAP_SYS_ADMIN (and not at all with kernel.kptr_restrict=2)
     */
    public Bytecode xlatedInstructions() {
        String what = "dump xlated instructions of " + Names.label("program", name);
        int len = info().xlatedLength();
        if (len == 0) {
            throw new KernelException(what, Errno.EPERM,
                    "the kernel shows them only to CAP_SYS_ADMIN (and not with kernel.kptr_restrict=2)");
        }
        return Bytecode.fromBytes(Infos.programBytes(what, fd.value(), BpfAbi.PROG_INFO_XLATED_PROG_LEN,
                BpfAbi.PROG_INFO_XLATED_PROG_INSNS, len));
    }

    /**
     * The program's BTF line info against {@link #xlatedInstructions()}, in instruction order, with
     * each line's source text: what {@code bpftool prog dump xlated} prints as {@code ; } comments.
     * Empty when the program was loaded without line info (no clang -g, or no BTF).
     */
    public java.util.List<SourceLine> sourceLines() {
        return Infos.sourceLines("read line info of " + Names.label("program", name), fd.value());
    }

    /**
     * The program's BTF func info against {@link #xlatedInstructions()}: where each function (the
     * main one first, then its subprograms) starts, and its BTF FUNC type in the program's BTF
     * ({@link ProgramInfo#btfId()}). {@code bpftool prog dump xlated} prints each function's
     * prototype from it. Empty when the program was loaded without BTF.
     */
    public java.util.List<FuncInfo> functions() {
        return Infos.funcInfo("read func info of " + Names.label("program", name), fd.value());
    }

    /**
     * The JIT-compiled machine code of this program, for the running CPU
     * ({@code bpftool prog dump jited}, before disassembly).
     *
     * @throws KernelException EPERM when there is none to show: the JIT is off
     *         (net.core.bpf_jit_enable=0), or the caller lacks CAP_SYS_ADMIN
     */
    public byte[] jitedImage() {
        String what = "dump jited image of " + Names.label("program", name);
        int len = info().jitedLength();
        if (len == 0) {
            throw new KernelException(what, Errno.EPERM, "the JIT is off (net.core.bpf_jit_enable=0), "
                    + "or the kernel shows it only to CAP_SYS_ADMIN");
        }
        return Infos.programBytes(what, fd.value(), BpfAbi.PROG_INFO_JITED_PROG_LEN, BpfAbi.PROG_INFO_JITED_PROG_INSNS,
                len);
    }

    /**
     * Runs the program {@code repeat} times on {@code packet} (BPF_PROG_TEST_RUN). For
     * SCHED_CLS the packet starts at the Ethernet header (at least 14 bytes) — the same view
     * a program has on a netkit device, and at most {@link #maxSkbTestRunBytes()} bytes long
     * (longer is refused with IllegalArgumentException before the call).
     */
    public TestRun testRun(byte[] packet, int repeat) {
        if (repeat < 1) {
            throw new IllegalArgumentException("repeat must be at least 1");
        }
        boolean skb = type == ProgramType.SCHED_CLS || type == ProgramType.SCHED_ACT;
        if (skb && packet.length < 14) {
            throw new IllegalArgumentException("a " + type.word() + " test run needs at least 14 bytes "
                    + "(an Ethernet header); the kernel says EINVAL otherwise");
        }
        if (skb && packet.length > SkbTestRunLimit.LINEAR) {
            int max = SkbTestRunLimit.get();
            if (max > 0 && packet.length > max) {
                throw new IllegalArgumentException("a " + type.word() + " test run takes at most " + max
                        + " bytes on this kernel (" + SkbTestRunLimit.explain(max) + "), got " + packet.length
                        + "; the kernel says only EINVAL or ENOMEM");
            }
        }
        String what = "test-run " + Names.label("program", name);
        int capacity = packet.length + 4096;
        while (true) {
            Bpf.TestRunRaw r = Bpf.progTestRun(what, fd.value(), packet, capacity, repeat);
            if (r.errno() == Errno.ENOSPC && r.dataSizeOut() > capacity) {
                capacity = r.dataSizeOut();
                continue;
            }
            return new TestRun(r.retval(), Integer.toUnsignedLong(r.durationNs()), repeat, r.dataOut());
        }
    }

    /**
     * The largest packet an skb test run (SCHED_CLS, SCHED_ACT) takes on the running kernel, or 0
     * when not known (not x86_64, or the probe could not load a program). See
     * {@link SkbTestRunLimit}: 3712 bytes up to at least 6.18, 73344 on kernels that build
     * non-linear skbs for test runs (7.3).
     */
    public static int maxSkbTestRunBytes() {
        return SkbTestRunLimit.get();
    }

    /**
     * Pins the program at {@code path} (BPF_OBJ_PIN), which must be on a mounted bpffs
     * (usually /sys/fs/bpf) and not exist yet. The pin keeps the program alive after this
     * process exits; remove the file to unpin. {@code bpftool prog pin}.
     */
    public void pin(Path path) {
        Bpf.objPin("pin " + Names.label("program", name) + " at " + path, fd.value(), path.toString());
    }

    /**
     * Binds {@code map} to this program (BPF_PROG_BIND_MAP, Linux 5.10): the program holds a
     * reference to the map although its code never names it, so the map lives exactly as long
     * as the program and shows in its {@link ProgramInfo#mapIds()}. libbpf binds its metadata
     * map this way; jnetkit keeps a policy's source text with its program so that whatever runs
     * on a hook and what describes it can never disagree.
     */
    public void bindMap(BpfMap map) {
        Bpf.progBindMap("bind map " + map.name() + " to " + Names.label("program", name), fd.value(), map.fd().value());
    }

    @Override
    public void close() {
        fd.close();
    }

    @Override
    public String toString() {
        return "program " + (name.isEmpty() ? "(unnamed)" : name) + " (" + type.word() + ", " + fd + ")";
    }
}
