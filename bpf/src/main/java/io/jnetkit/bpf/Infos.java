package io.jnetkit.bpf;

import io.jnetkit.abi.BpfAbi;
import io.jnetkit.bpf.internal.Bpf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** OBJ_GET_INFO_BY_FD decoders for the three object kinds. */
final class Infos {
    private Infos() {}

    static String cstring(MemorySegment s, long offset, int max) {
        int n = 0;
        while (n < max && s.get(JAVA_BYTE, offset + n) != 0) n++;
        byte[] b = new byte[n];
        MemorySegment.copy(s, JAVA_BYTE, offset, b, 0, n);
        return new String(b, StandardCharsets.UTF_8);
    }

    static ProgramInfo program(String what, int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(BpfAbi.INFO_BUFFER_SIZE, 8);
            Bpf.objGetInfoByFd(what, fd, info);
            int nrMaps = info.get(JAVA_INT, BpfAbi.PROG_INFO_NR_MAP_IDS);
            List<Integer> mapIds = new ArrayList<>();
            if (nrMaps > 0) {
                // Second call asking only for the map ids: every other array field stays 0/NULL.
                MemorySegment ids = arena.allocate(JAVA_INT, nrMaps);
                MemorySegment again = arena.allocate(BpfAbi.INFO_BUFFER_SIZE, 8);
                again.set(JAVA_INT, BpfAbi.PROG_INFO_NR_MAP_IDS, nrMaps);
                again.set(JAVA_LONG, BpfAbi.PROG_INFO_MAP_IDS, ids.address());
                Bpf.objGetInfoByFd(what, fd, again);
                int got = Math.min(nrMaps, again.get(JAVA_INT, BpfAbi.PROG_INFO_NR_MAP_IDS));
                for (int i = 0; i < got; i++) mapIds.add(ids.getAtIndex(JAVA_INT, i));
            }
            byte[] tag = new byte[BpfAbi.TAG_SIZE];
            MemorySegment.copy(info, JAVA_BYTE, BpfAbi.PROG_INFO_TAG, tag, 0, tag.length);
            int rawType = info.get(JAVA_INT, BpfAbi.PROG_INFO_TYPE);
            return new ProgramInfo(ProgramType.of(rawType), rawType, info.get(JAVA_INT, BpfAbi.PROG_INFO_ID),
                    HexFormat.of().formatHex(tag), cstring(info, BpfAbi.PROG_INFO_NAME, BpfAbi.OBJ_NAME_LEN),
                    info.get(JAVA_LONG, BpfAbi.PROG_INFO_LOAD_TIME), info.get(JAVA_INT, BpfAbi.PROG_INFO_CREATED_BY_UID),
                    mapIds, info.get(JAVA_INT, BpfAbi.PROG_INFO_XLATED_PROG_LEN),
                    info.get(JAVA_INT, BpfAbi.PROG_INFO_JITED_PROG_LEN), info.get(JAVA_LONG, BpfAbi.PROG_INFO_RUN_TIME_NS),
                    info.get(JAVA_LONG, BpfAbi.PROG_INFO_RUN_CNT), info.get(JAVA_INT, BpfAbi.PROG_INFO_VERIFIED_INSNS),
                    info.get(JAVA_INT, BpfAbi.PROG_INFO_BTF_ID),
                    (info.get(JAVA_INT, BpfAbi.PROG_INFO_GPL_COMPATIBLE) & 1) != 0,
                    info.get(JAVA_INT, BpfAbi.PROG_INFO_IFINDEX), info.get(JAVA_LONG, BpfAbi.PROG_INFO_NETNS_DEV),
                    info.get(JAVA_LONG, BpfAbi.PROG_INFO_NETNS_INO), info.get(JAVA_LONG, BpfAbi.PROG_INFO_RECURSION_MISSES),
                    memlock(fd));
        }
    }

    /** {@code memlock:} of the descriptor's fdinfo (what bpftool prints as bytes_memlock), -1 when absent. */
    static long memlock(int fd) {
        try {
            String v = FdInfo.read(fd).get("memlock");
            return v == null ? -1 : Long.parseLong(v);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /**
     * One of a program's arrays (xlated or jited image) of {@code len} bytes: OBJ_GET_INFO_BY_FD
     * asking for that array alone; the kernel may return fewer bytes when the program changed.
     */
    static byte[] programBytes(String what, int fd, long lenOffset, long ptrOffset, int len) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(len, 8);
            MemorySegment info = arena.allocate(BpfAbi.INFO_BUFFER_SIZE, 8);
            info.set(JAVA_INT, lenOffset, len);
            info.set(JAVA_LONG, ptrOffset, buf.address());
            Bpf.objGetInfoByFd(what, fd, info);
            int got = Math.min(len, info.get(JAVA_INT, lenOffset));
            return buf.asSlice(0, got).toArray(JAVA_BYTE);
        }
    }

    /**
     * The program's line info against its translated instructions (the kernel moves the records
     * when it rewrites them), with the strings from the program's BTF; empty when the program was
     * loaded without BTF line info, or the kernel hides it (it shows it only with raw dumps allowed).
     */
    static List<SourceLine> sourceLines(String what, int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(BpfAbi.INFO_BUFFER_SIZE, 8);
            Bpf.objGetInfoByFd(what, fd, info);
            int n = info.get(JAVA_INT, BpfAbi.PROG_INFO_NR_LINE_INFO);
            int btfId = info.get(JAVA_INT, BpfAbi.PROG_INFO_BTF_ID);
            if (n == 0 || btfId == 0) return List.of();
            MemorySegment recs = arena.allocate((long) n * BpfAbi.LINE_INFO_SIZE, 8);
            MemorySegment again = arena.allocate(BpfAbi.INFO_BUFFER_SIZE, 8);
            again.set(JAVA_INT, BpfAbi.PROG_INFO_NR_LINE_INFO, n);
            again.set(JAVA_INT, BpfAbi.PROG_INFO_LINE_INFO_REC_SIZE, BpfAbi.LINE_INFO_SIZE);
            again.set(JAVA_LONG, BpfAbi.PROG_INFO_LINE_INFO, recs.address());
            Bpf.objGetInfoByFd(what, fd, again);
            // Zeroed pointer: the kernel withheld the records (bpf_dump_raw_ok said no).
            if (again.get(JAVA_LONG, BpfAbi.PROG_INFO_LINE_INFO) == 0) return List.of();
            int got = Math.min(n, again.get(JAVA_INT, BpfAbi.PROG_INFO_NR_LINE_INFO));
            MemorySegment strings = btfStrings(what, btfId);
            List<SourceLine> out = new ArrayList<>(got);
            for (int i = 0; i < got; i++) {
                long r = (long) i * BpfAbi.LINE_INFO_SIZE;
                int lineCol = recs.get(JAVA_INT, r + 12);
                out.add(new SourceLine(recs.get(JAVA_INT, r), btfString(strings, recs.get(JAVA_INT, r + 4)),
                        lineCol >>> 10, lineCol & 0x3ff, btfString(strings, recs.get(JAVA_INT, r + 8))));
            }
            return out;
        }
    }

    /**
     * The program's func info against its translated instructions (the kernel moves the records
     * with the instructions, as it does line info): one record per function, the main one first.
     * Empty when the program was loaded without BTF, or the kernel hides the records (as it hides
     * line info: raw dumps not allowed).
     */
    static List<FuncInfo> funcInfo(String what, int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(BpfAbi.INFO_BUFFER_SIZE, 8);
            Bpf.objGetInfoByFd(what, fd, info);
            int n = info.get(JAVA_INT, BpfAbi.PROG_INFO_NR_FUNC_INFO);
            if (n == 0 || info.get(JAVA_INT, BpfAbi.PROG_INFO_BTF_ID) == 0) return List.of();
            MemorySegment recs = arena.allocate((long) n * BpfAbi.FUNC_INFO_SIZE, 8);
            MemorySegment again = arena.allocate(BpfAbi.INFO_BUFFER_SIZE, 8);
            again.set(JAVA_INT, BpfAbi.PROG_INFO_NR_FUNC_INFO, n);
            again.set(JAVA_INT, BpfAbi.PROG_INFO_FUNC_INFO_REC_SIZE, BpfAbi.FUNC_INFO_SIZE);
            again.set(JAVA_LONG, BpfAbi.PROG_INFO_FUNC_INFO, recs.address());
            Bpf.objGetInfoByFd(what, fd, again);
            // Zeroed pointer: the kernel withheld the records (bpf_dump_raw_ok said no).
            if (again.get(JAVA_LONG, BpfAbi.PROG_INFO_FUNC_INFO) == 0) return List.of();
            int got = Math.min(n, again.get(JAVA_INT, BpfAbi.PROG_INFO_NR_FUNC_INFO));
            List<FuncInfo> out = new ArrayList<>(got);
            for (int i = 0; i < got; i++) {
                long r = (long) i * BpfAbi.FUNC_INFO_SIZE;
                out.add(new FuncInfo(recs.get(JAVA_INT, r), recs.get(JAVA_INT, r + 4)));
            }
            return out;
        }
    }

    /** The string section of the BTF object {@code id}, read through {@link #btfData}. */
    private static MemorySegment btfStrings(String what, int id) {
        MemorySegment raw;
        try (io.jnetkit.sys.Fd fd = io.jnetkit.sys.Fd.adopt(Bpf.btfGetFdById(what + ": open BTF id " + id, id), "btf " + id)) {
            raw = MemorySegment.ofArray(btfData(what, fd.value()));
        }
        if (raw.byteSize() < 24) return MemorySegment.ofArray(new byte[0]);
        // struct btf_header: magic u16, version u8, flags u8, hdr_len, type_off, type_len, str_off, str_len
        long hdrLen = Integer.toUnsignedLong(raw.get(JAVA_INT_LE, 4));
        long strOff = Integer.toUnsignedLong(raw.get(JAVA_INT_LE, 16));
        long strLen = Integer.toUnsignedLong(raw.get(JAVA_INT_LE, 20));
        long start = Math.min(raw.byteSize(), hdrLen + strOff);
        return raw.asSlice(start, Math.min(strLen, raw.byteSize() - start));
    }

    /** The NUL-terminated string at {@code offset} of a BTF string section; "" when out of range. */
    private static String btfString(MemorySegment strings, int offset) {
        long off = Integer.toUnsignedLong(offset);
        if (off >= strings.byteSize()) return "";
        return cstring(strings, off, (int) Math.min(Integer.MAX_VALUE, strings.byteSize() - off));
    }

    /** The map's info with memlock and frozen from its fdinfo, as {@code bpftool map show} prints them. */
    static MapInfo map(String what, int fd) {
        return map(what, fd, true);
    }

    /**
     * The map's info; {@code fdinfo} false leaves out what only /proc/self/fdinfo says (memlock -1,
     * frozen false): a file read that opening a map for its fields does not need.
     */
    static MapInfo map(String what, int fd, boolean fdinfo) {
        MemorySegment info = MemorySegment.ofArray(Bpf.objGetInfoByFd(what, fd));
        int rawType = info.get(JAVA_INT_LE, BpfAbi.MAP_INFO_TYPE);
        long memlock = -1;
        boolean frozen = false;
        if (fdinfo) {
            try {
                java.util.Map<String, String> f = FdInfo.read(fd);
                memlock = f.containsKey("memlock") ? Long.parseLong(f.get("memlock")) : -1;
                frozen = "1".equals(f.get("frozen"));
            } catch (RuntimeException e) {
                // /proc not mounted: the kernel's own info is still worth returning
            }
        }
        return new MapInfo(MapType.of(rawType), rawType, info.get(JAVA_INT_LE, BpfAbi.MAP_INFO_ID),
                info.get(JAVA_INT_LE, BpfAbi.MAP_INFO_KEY_SIZE), info.get(JAVA_INT_LE, BpfAbi.MAP_INFO_VALUE_SIZE),
                info.get(JAVA_INT_LE, BpfAbi.MAP_INFO_MAX_ENTRIES), info.get(JAVA_INT_LE, BpfAbi.MAP_INFO_MAP_FLAGS),
                cstring(info, BpfAbi.MAP_INFO_NAME, BpfAbi.OBJ_NAME_LEN), info.get(JAVA_INT_LE, BpfAbi.MAP_INFO_BTF_ID),
                memlock, frozen);
    }

    static MapBtfIds mapBtf(String what, int fd) {
        MemorySegment info = MemorySegment.ofArray(Bpf.objGetInfoByFd(what, fd));
        return new MapBtfIds(info.get(JAVA_INT_LE, BpfAbi.MAP_INFO_BTF_ID),
                info.get(JAVA_INT_LE, BpfAbi.MAP_INFO_BTF_KEY_TYPE_ID),
                info.get(JAVA_INT_LE, BpfAbi.MAP_INFO_BTF_VALUE_TYPE_ID),
                info.get(JAVA_INT_LE, BpfAbi.MAP_INFO_BTF_VMLINUX_VALUE_TYPE_ID));
    }

    /**
     * A BTF object's raw data (header, types, strings), as it was loaded: the first
     * OBJ_GET_INFO_BY_FD says how large, the second copies it.
     */
    static byte[] btfData(String what, int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(BpfAbi.INFO_BUFFER_SIZE, 8);
            Bpf.objGetInfoByFd(what, fd, info);
            int size = info.get(JAVA_INT, BpfAbi.BTF_INFO_BTF_SIZE);
            if (size <= 0) return new byte[0];
            MemorySegment buf = arena.allocate(size, 8);
            MemorySegment again = arena.allocate(BpfAbi.INFO_BUFFER_SIZE, 8);
            again.set(JAVA_LONG, BpfAbi.BTF_INFO_BTF, buf.address());
            again.set(JAVA_INT, BpfAbi.BTF_INFO_BTF_SIZE, size);
            Bpf.objGetInfoByFd(what, fd, again);
            // The kernel reports the full size even when it copied less; a BTF object never changes.
            int got = Math.min(size, again.get(JAVA_INT, BpfAbi.BTF_INFO_BTF_SIZE));
            return buf.asSlice(0, got).toArray(JAVA_BYTE);
        }
    }

    static LinkInfo link(String what, int fd) {
        MemorySegment info = MemorySegment.ofArray(Bpf.objGetInfoByFd(what, fd));
        int rawType = info.get(JAVA_INT_LE, BpfAbi.LINK_INFO_TYPE);
        LinkType type = LinkType.of(rawType);
        LinkInfo.Detail detail = linkDetail(what, fd, type, info);
        boolean device = detail instanceof LinkInfo.OnDevice;
        return new LinkInfo(type, rawType, info.get(JAVA_INT_LE, BpfAbi.LINK_INFO_ID),
                info.get(JAVA_INT_LE, BpfAbi.LINK_INFO_PROG_ID),
                device ? info.get(JAVA_INT_LE, BpfAbi.LINK_INFO_IFINDEX) : 0,
                device ? AttachType.of(info.get(JAVA_INT_LE, BpfAbi.LINK_INFO_ATTACH_TYPE)) : null, detail);
    }

    /** The union after prog_id, by link type (offsets relative to {@link BpfAbi#LINK_INFO_UNION}). */
    private static LinkInfo.Detail linkDetail(String what, int fd, LinkType type, MemorySegment info) {
        long u = BpfAbi.LINK_INFO_UNION;
        return switch (type) {
            case TCX, NETKIT -> new LinkInfo.OnDevice(info.get(JAVA_INT_LE, u),
                    AttachType.of(info.get(JAVA_INT_LE, u + 4)));
            case XDP -> new LinkInfo.Xdp(info.get(JAVA_INT_LE, u));
            case CGROUP -> new LinkInfo.Cgroup(info.get(JAVA_LONG_LE, u), AttachType.of(info.get(JAVA_INT_LE, u + 8)));
            case NETNS -> new LinkInfo.Netns(Integer.toUnsignedLong(info.get(JAVA_INT_LE, u)),
                    AttachType.of(info.get(JAVA_INT_LE, u + 4)));
            case TRACING -> new LinkInfo.Tracing(AttachType.of(info.get(JAVA_INT_LE, u)),
                    info.get(JAVA_INT_LE, u + 4), info.get(JAVA_INT_LE, u + 8));
            case STRUCT_OPS -> new LinkInfo.StructOps(info.get(JAVA_INT_LE, u));
            case NETFILTER -> new LinkInfo.Netfilter(info.get(JAVA_INT_LE, u), info.get(JAVA_INT_LE, u + 4),
                    info.get(JAVA_INT_LE, u + 8), info.get(JAVA_INT_LE, u + 12));
            case SOCKMAP -> new LinkInfo.Sockmap(info.get(JAVA_INT_LE, u), AttachType.of(info.get(JAVA_INT_LE, u + 4)));
            // Both names come back only through a buffer of ours: a second call with {ptr, len} set.
            case RAW_TRACEPOINT -> new LinkInfo.RawTracepoint(linkName(what, fd, info.get(JAVA_INT_LE, u + 8)));
            case ITER -> new LinkInfo.Iter(linkName(what, fd, info.get(JAVA_INT_LE, u + 8)));
            default -> new LinkInfo.Undecoded();
        };
    }

    /**
     * The name a raw tracepoint or iterator link reports, {@code len} bytes with its NUL (the
     * kernel says how long it is in the first call); the two share the {ptr, len} shape.
     */
    private static String linkName(String what, int fd, int len) {
        if (len <= 0) return "";
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(len + 1L);
            MemorySegment info = arena.allocate(BpfAbi.INFO_BUFFER_SIZE, 8);
            info.set(JAVA_LONG, BpfAbi.LINK_INFO_UNION, buf.address());
            info.set(JAVA_INT, BpfAbi.LINK_INFO_UNION + 8, len);
            Bpf.objGetInfoByFd(what, fd, info);
            return cstring(buf, 0, len);
        }
    }

    private static final java.lang.foreign.ValueLayout.OfLong JAVA_LONG_LE =
            java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.nativeOrder());

    /** Heap segments from byte[] are only byte-aligned. */
    private static final java.lang.foreign.ValueLayout.OfInt JAVA_INT_LE =
            java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.nativeOrder());
}
