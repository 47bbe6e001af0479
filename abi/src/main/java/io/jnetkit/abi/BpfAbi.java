package io.jnetkit.abi;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * uapi {@code linux/bpf.h}: the bpf(2) commands, object types, flags and every
 * {@code union bpf_attr} variant jnetkit writes, as layouts with named offsets.
 *
 * <p>jnetkit always passes {@link #ATTR_SIZE} (168) zeroed bytes: the kernel accepts a size
 * larger than its own union as long as the tail it does not know is zero (else E2BIG), so
 * one size works from 6.7 to today. Pointers are u64 fields; the union is 8-byte aligned.
 * Offsets were computed with {@code offsetof} against the 2026 uapi header and are pinned by
 * {@code BpfLayoutTest}.
 */
public final class BpfAbi {
    private BpfAbi() {}

    /** sizeof(union bpf_attr) in the 2026 uapi. */
    public static final int ATTR_SIZE = 168;
    /** BPF_OBJ_NAME_LEN: names are at most 15 bytes plus a NUL. */
    public static final int OBJ_NAME_LEN = 16;
    /** BPF_TAG_SIZE. */
    public static final int TAG_SIZE = 8;
    /** Size of one eBPF instruction. */
    public static final int INSN_SIZE = 8;

    // ---- enum bpf_cmd
    public static final int BPF_MAP_CREATE = 0, BPF_MAP_LOOKUP_ELEM = 1, BPF_MAP_UPDATE_ELEM = 2,
            BPF_MAP_DELETE_ELEM = 3, BPF_MAP_GET_NEXT_KEY = 4, BPF_PROG_LOAD = 5, BPF_OBJ_PIN = 6,
            BPF_OBJ_GET = 7, BPF_PROG_ATTACH = 8, BPF_PROG_DETACH = 9, BPF_PROG_TEST_RUN = 10,
            BPF_PROG_GET_NEXT_ID = 11, BPF_MAP_GET_NEXT_ID = 12, BPF_PROG_GET_FD_BY_ID = 13,
            BPF_MAP_GET_FD_BY_ID = 14, BPF_OBJ_GET_INFO_BY_FD = 15, BPF_PROG_QUERY = 16,
            BPF_BTF_LOAD = 18, BPF_BTF_GET_FD_BY_ID = 19, BPF_BTF_GET_NEXT_ID = 23, BPF_LINK_CREATE = 28, BPF_LINK_UPDATE = 29, BPF_LINK_GET_FD_BY_ID = 30,
            BPF_LINK_GET_NEXT_ID = 31, BPF_MAP_FREEZE = 22, BPF_LINK_DETACH = 34, BPF_PROG_BIND_MAP = 35, BPF_TOKEN_CREATE = 36;

    // ---- enum bpf_prog_type (the ones jnetkit names; the public enum lists all)
    public static final int BPF_PROG_TYPE_SOCKET_FILTER = 1, BPF_PROG_TYPE_SCHED_CLS = 3,
            BPF_PROG_TYPE_SCHED_ACT = 4, BPF_PROG_TYPE_XDP = 6;

    // ---- enum bpf_attach_type (multi-prog network hooks)
    /** tcx, 6.6. */
    public static final int BPF_TCX_INGRESS = 46, BPF_TCX_EGRESS = 47;
    /** netkit, 6.7: both addressed with the primary's ifindex. */
    public static final int BPF_NETKIT_PRIMARY = 54, BPF_NETKIT_PEER = 55;

    // ---- enum bpf_link_type
    public static final int BPF_LINK_TYPE_TCX = 11, BPF_LINK_TYPE_NETKIT = 13;

    // ---- enum bpf_map_type (a few; the public enum lists all)
    public static final int BPF_MAP_TYPE_HASH = 1, BPF_MAP_TYPE_ARRAY = 2, BPF_MAP_TYPE_PERCPU_HASH = 5,
            BPF_MAP_TYPE_PERCPU_ARRAY = 6, BPF_MAP_TYPE_LRU_PERCPU_HASH = 10, BPF_MAP_TYPE_RINGBUF = 27;

    // ---- attach / mprog flags
    public static final int BPF_F_REPLACE = 1 << 2, BPF_F_BEFORE = 1 << 3, BPF_F_AFTER = 1 << 4,
            BPF_F_ID = 1 << 5, BPF_F_LINK = 1 << 13;
    /** Map element update flags. */
    public static final long BPF_ANY = 0, BPF_NOEXIST = 1, BPF_EXIST = 2, BPF_F_LOCK = 4;
    /** OBJ_GET file_flags. */
    public static final int BPF_F_RDONLY = 1 << 3, BPF_F_WRONLY = 1 << 4, BPF_F_PATH_FD = 1 << 14;
    /** ld_imm64 src_reg: imm is a map fd. */
    public static final int BPF_PSEUDO_MAP_FD = 1;
    /** ld_imm64 src_reg: imm is a map fd and the second slot's imm an offset into its value (global data). */
    public static final int BPF_PSEUDO_MAP_VALUE = 2;
    /** call src_reg: imm is the callee's instruction offset (bpf-to-bpf call); 2 would be a kfunc. */
    public static final int BPF_PSEUDO_CALL = 1, BPF_PSEUDO_KFUNC_CALL = 2;
    /** map_flags: programs may only read the map (global .rodata); with BPF_MAP_FREEZE the verifier folds its values. */
    public static final int BPF_F_RDONLY_PROG = 1 << 7;
    /** map_flags: no preallocation (hash maps). */
    public static final int BPF_F_NO_PREALLOC = 1;
    /** mprog: at most this many programs on one hook (more is ERANGE). */
    public static final int BPF_MPROG_MAX = 64;
    /** tcx / netkit verdicts. */
    public static final int TCX_NEXT = -1, TCX_PASS = 0, TCX_DROP = 2, TCX_REDIRECT = 7;
    /** Kernel log size limit before 6.4 (UINT_MAX >> 8); later kernels allow more. */
    public static final int LOG_SIZE_MAX = (int) (0xFFFF_FFFFL >>> 8);
    /** Kernels before 6.4 reject a log buffer below this. */
    public static final int LOG_SIZE_MIN = 128;

    private static MemoryLayout u32(String n) { return JAVA_INT.withName(n); }
    private static MemoryLayout u64(String n) { return JAVA_LONG.withName(n); }
    private static MemoryLayout pad(long n) { return MemoryLayout.paddingLayout(n); }
    private static MemoryLayout name16(String n) { return MemoryLayout.sequenceLayout(OBJ_NAME_LEN, JAVA_BYTE).withName(n); }

    /** Wraps a variant in the full 168-byte union so every layout has the size jnetkit passes. */
    private static StructLayout attr(MemoryLayout... fields) {
        long size = 0;
        for (MemoryLayout f : fields) size += f.byteSize();
        MemoryLayout[] all = java.util.Arrays.copyOf(fields, fields.length + 1);
        all[fields.length] = pad(ATTR_SIZE - size);
        return MemoryLayout.structLayout(all);
    }

    // ---- BPF_MAP_CREATE
    public static final long MAP_CREATE_MAP_TYPE = 0, MAP_CREATE_KEY_SIZE = 4, MAP_CREATE_VALUE_SIZE = 8,
            MAP_CREATE_MAX_ENTRIES = 12, MAP_CREATE_MAP_FLAGS = 16, MAP_CREATE_INNER_MAP_FD = 20,
            MAP_CREATE_NUMA_NODE = 24, MAP_CREATE_MAP_NAME = 28, MAP_CREATE_MAP_IFINDEX = 44,
            MAP_CREATE_BTF_FD = 48, MAP_CREATE_BTF_KEY_TYPE_ID = 52, MAP_CREATE_BTF_VALUE_TYPE_ID = 56,
            MAP_CREATE_BTF_VMLINUX_VALUE_TYPE_ID = 60, MAP_CREATE_MAP_EXTRA = 64,
            MAP_CREATE_VALUE_TYPE_BTF_OBJ_FD = 72, MAP_CREATE_MAP_TOKEN_FD = 76;
    public static final StructLayout MAP_CREATE = attr(
            u32("map_type"), u32("key_size"), u32("value_size"), u32("max_entries"), u32("map_flags"),
            u32("inner_map_fd"), u32("numa_node"), name16("map_name"), u32("map_ifindex"), u32("btf_fd"),
            u32("btf_key_type_id"), u32("btf_value_type_id"), u32("btf_vmlinux_value_type_id"),
            u64("map_extra"), u32("value_type_btf_obj_fd"), u32("map_token_fd"));

    // ---- BPF_PROG_BIND_MAP (Linux 5.10): prog_fd @0, map_fd @4, flags @8 (must be 0). The program
    // then holds a reference to the map as if its code used it: the map lives and dies with it.
    public static final long PROG_BIND_MAP_PROG_FD = 0, PROG_BIND_MAP_MAP_FD = 4, PROG_BIND_MAP_FLAGS = 8;

    // ---- BPF_MAP_FREEZE: map_fd @0. Afterwards the syscall side cannot write the map (EPERM).
    public static final long MAP_FREEZE_MAP_FD = 0;

    // ---- BPF_MAP_*_ELEM, BPF_MAP_GET_NEXT_KEY
    public static final long MAP_ELEM_MAP_FD = 0, MAP_ELEM_KEY = 8, MAP_ELEM_VALUE = 16, MAP_ELEM_NEXT_KEY = 16,
            MAP_ELEM_FLAGS = 24;
    public static final StructLayout MAP_ELEM = attr(
            u32("map_fd"), pad(4), u64("key"), u64("value"), u64("flags"));

    // ---- BPF_PROG_LOAD
    public static final long PROG_LOAD_PROG_TYPE = 0, PROG_LOAD_INSN_CNT = 4, PROG_LOAD_INSNS = 8,
            PROG_LOAD_LICENSE = 16, PROG_LOAD_LOG_LEVEL = 24, PROG_LOAD_LOG_SIZE = 28, PROG_LOAD_LOG_BUF = 32,
            PROG_LOAD_KERN_VERSION = 40, PROG_LOAD_PROG_FLAGS = 44, PROG_LOAD_PROG_NAME = 48,
            PROG_LOAD_PROG_IFINDEX = 64, PROG_LOAD_EXPECTED_ATTACH_TYPE = 68, PROG_LOAD_PROG_BTF_FD = 72,
            PROG_LOAD_FUNC_INFO_REC_SIZE = 76, PROG_LOAD_FUNC_INFO = 80, PROG_LOAD_FUNC_INFO_CNT = 88,
            PROG_LOAD_LINE_INFO_REC_SIZE = 92, PROG_LOAD_LINE_INFO = 96, PROG_LOAD_LINE_INFO_CNT = 104,
            PROG_LOAD_ATTACH_BTF_ID = 108, PROG_LOAD_ATTACH_PROG_FD = 112, PROG_LOAD_CORE_RELO_CNT = 116,
            PROG_LOAD_FD_ARRAY = 120, PROG_LOAD_CORE_RELOS = 128, PROG_LOAD_CORE_RELO_REC_SIZE = 136,
            PROG_LOAD_LOG_TRUE_SIZE = 140, PROG_LOAD_PROG_TOKEN_FD = 144, PROG_LOAD_FD_ARRAY_CNT = 148,
            PROG_LOAD_SIGNATURE = 152, PROG_LOAD_SIGNATURE_SIZE = 160, PROG_LOAD_KEYRING_ID = 164;
    public static final StructLayout PROG_LOAD = MemoryLayout.structLayout(
            u32("prog_type"), u32("insn_cnt"), u64("insns"), u64("license"), u32("log_level"), u32("log_size"),
            u64("log_buf"), u32("kern_version"), u32("prog_flags"), name16("prog_name"), u32("prog_ifindex"),
            u32("expected_attach_type"), u32("prog_btf_fd"), u32("func_info_rec_size"), u64("func_info"),
            u32("func_info_cnt"), u32("line_info_rec_size"), u64("line_info"), u32("line_info_cnt"),
            u32("attach_btf_id"), u32("attach_prog_fd"), u32("core_relo_cnt"), u64("fd_array"),
            u64("core_relos"), u32("core_relo_rec_size"), u32("log_true_size"), u32("prog_token_fd"),
            u32("fd_array_cnt"), u64("signature"), u32("signature_size"), u32("keyring_id"));

    // ---- BPF_OBJ_PIN / BPF_OBJ_GET
    public static final long OBJ_PATHNAME = 0, OBJ_BPF_FD = 8, OBJ_FILE_FLAGS = 12, OBJ_PATH_FD = 16;
    public static final StructLayout OBJ = attr(u64("pathname"), u32("bpf_fd"), u32("file_flags"), u32("path_fd"));

    // ---- BPF_PROG_ATTACH / BPF_PROG_DETACH (mprog form)
    public static final long PROG_ATTACH_TARGET_IFINDEX = 0, PROG_ATTACH_ATTACH_BPF_FD = 4,
            PROG_ATTACH_ATTACH_TYPE = 8, PROG_ATTACH_ATTACH_FLAGS = 12, PROG_ATTACH_REPLACE_BPF_FD = 16,
            PROG_ATTACH_RELATIVE_FD = 20, PROG_ATTACH_EXPECTED_REVISION = 24;
    public static final StructLayout PROG_ATTACH = attr(
            u32("target_ifindex"), u32("attach_bpf_fd"), u32("attach_type"), u32("attach_flags"),
            u32("replace_bpf_fd"), u32("relative_fd"), u64("expected_revision"));

    // ---- BPF_PROG_TEST_RUN
    public static final long TEST_PROG_FD = 0, TEST_RETVAL = 4, TEST_DATA_SIZE_IN = 8, TEST_DATA_SIZE_OUT = 12,
            TEST_DATA_IN = 16, TEST_DATA_OUT = 24, TEST_REPEAT = 32, TEST_DURATION = 36, TEST_CTX_SIZE_IN = 40,
            TEST_CTX_SIZE_OUT = 44, TEST_CTX_IN = 48, TEST_CTX_OUT = 56, TEST_FLAGS = 64, TEST_CPU = 68,
            TEST_BATCH_SIZE = 72;
    public static final StructLayout TEST_RUN = attr(
            u32("prog_fd"), u32("retval"), u32("data_size_in"), u32("data_size_out"), u64("data_in"),
            u64("data_out"), u32("repeat"), u32("duration"), u32("ctx_size_in"), u32("ctx_size_out"),
            u64("ctx_in"), u64("ctx_out"), u32("flags"), u32("cpu"), u32("batch_size"));

    // ---- *_GET_NEXT_ID, *_GET_FD_BY_ID
    public static final long GET_ID_START_ID = 0, GET_ID_ID = 0, GET_ID_NEXT_ID = 4, GET_ID_OPEN_FLAGS = 8,
            GET_ID_TOKEN_FD = 12;
    public static final StructLayout GET_ID = attr(u32("start_id"), u32("next_id"), u32("open_flags"),
            u32("fd_by_id_token_fd"));

    // ---- BPF_OBJ_GET_INFO_BY_FD
    public static final long INFO_BPF_FD = 0, INFO_INFO_LEN = 4, INFO_INFO = 8;
    public static final StructLayout INFO = attr(u32("bpf_fd"), u32("info_len"), u64("info"));

    // ---- BPF_PROG_QUERY
    public static final long QUERY_TARGET_IFINDEX = 0, QUERY_ATTACH_TYPE = 4, QUERY_QUERY_FLAGS = 8,
            QUERY_ATTACH_FLAGS = 12, QUERY_PROG_IDS = 16, QUERY_COUNT = 24, QUERY_PROG_ATTACH_FLAGS = 32,
            QUERY_LINK_IDS = 40, QUERY_LINK_ATTACH_FLAGS = 48, QUERY_REVISION = 56;
    public static final StructLayout QUERY = attr(
            u32("target_ifindex"), u32("attach_type"), u32("query_flags"), u32("attach_flags"), u64("prog_ids"),
            u32("count"), pad(4), u64("prog_attach_flags"), u64("link_ids"), u64("link_attach_flags"),
            u64("revision"));

    // ---- BPF_BTF_LOAD
    public static final long BTF_LOAD_BTF = 0, BTF_LOAD_LOG_BUF = 8, BTF_LOAD_BTF_SIZE = 16, BTF_LOAD_LOG_SIZE = 20,
            BTF_LOAD_LOG_LEVEL = 24, BTF_LOAD_LOG_TRUE_SIZE = 28, BTF_LOAD_FLAGS = 32, BTF_LOAD_TOKEN_FD = 36;
    public static final StructLayout BTF_LOAD = attr(
            u64("btf"), u64("btf_log_buf"), u32("btf_size"), u32("btf_log_size"), u32("btf_log_level"),
            u32("btf_log_true_size"), u32("btf_flags"), u32("btf_token_fd"));

    // ---- BPF_LINK_CREATE (tcx / netkit shape)
    public static final long LINK_CREATE_PROG_FD = 0, LINK_CREATE_TARGET_IFINDEX = 4, LINK_CREATE_ATTACH_TYPE = 8,
            LINK_CREATE_FLAGS = 12, LINK_CREATE_RELATIVE_FD = 16, LINK_CREATE_EXPECTED_REVISION = 24;
    public static final StructLayout LINK_CREATE = attr(
            u32("prog_fd"), u32("target_ifindex"), u32("attach_type"), u32("flags"), u32("relative_fd"), pad(4),
            u64("expected_revision"));

    // ---- BPF_LINK_UPDATE
    public static final long LINK_UPDATE_LINK_FD = 0, LINK_UPDATE_NEW_PROG_FD = 4, LINK_UPDATE_FLAGS = 8,
            LINK_UPDATE_OLD_PROG_FD = 12;
    public static final StructLayout LINK_UPDATE = attr(
            u32("link_fd"), u32("new_prog_fd"), u32("flags"), u32("old_prog_fd"));

    // ---- BPF_LINK_DETACH
    public static final long LINK_DETACH_LINK_FD = 0;
    public static final StructLayout LINK_DETACH = attr(u32("link_fd"));

    // ---- struct bpf_prog_info (232 bytes in 2026)
    public static final int PROG_INFO_SIZE = 232;
    public static final long PROG_INFO_TYPE = 0, PROG_INFO_ID = 4, PROG_INFO_TAG = 8, PROG_INFO_JITED_PROG_LEN = 16,
            PROG_INFO_XLATED_PROG_LEN = 20, PROG_INFO_JITED_PROG_INSNS = 24, PROG_INFO_XLATED_PROG_INSNS = 32,
            PROG_INFO_LOAD_TIME = 40, PROG_INFO_CREATED_BY_UID = 48, PROG_INFO_NR_MAP_IDS = 52,
            PROG_INFO_MAP_IDS = 56, PROG_INFO_NAME = 64, PROG_INFO_IFINDEX = 80, PROG_INFO_NETNS_DEV = 88,
            PROG_INFO_NETNS_INO = 96, PROG_INFO_BTF_ID = 128, PROG_INFO_RUN_TIME_NS = 192, PROG_INFO_RUN_CNT = 200,
            PROG_INFO_RECURSION_MISSES = 208, PROG_INFO_VERIFIED_INSNS = 216, PROG_INFO_ATTACH_BTF_OBJ_ID = 220,
            PROG_INFO_ATTACH_BTF_ID = 224;
    /** Func info: the record size the caller expects (8), where it wants the records, how many. */
    public static final long PROG_INFO_FUNC_INFO_REC_SIZE = 132, PROG_INFO_FUNC_INFO = 136, PROG_INFO_NR_FUNC_INFO = 144;
    /** struct bpf_func_info: insn_off, type_id (a BTF FUNC of the program's BTF). */
    public static final int FUNC_INFO_SIZE = 8;
    public static final StructLayout FUNC_INFO = MemoryLayout.structLayout(u32("insn_off"), u32("type_id"));
    /** Line info: how many records, where the caller wants them, and the record size it expects (16). */
    public static final long PROG_INFO_NR_LINE_INFO = 148, PROG_INFO_LINE_INFO = 152, PROG_INFO_LINE_INFO_REC_SIZE = 172;
    /** struct bpf_line_info: insn_off, file_name_off, line_off, line_col (line << 10 | column). */
    public static final int LINE_INFO_SIZE = 16;
    public static final StructLayout LINE_INFO = MemoryLayout.structLayout(
            u32("insn_off"), u32("file_name_off"), u32("line_off"), u32("line_col"));
    /** The u32 after ifindex whose bit 0 is {@code gpl_compatible:1} (the rest is padding). */
    public static final long PROG_INFO_GPL_COMPATIBLE = 84;
    public static final StructLayout PROG_INFO = MemoryLayout.structLayout(
            u32("type"), u32("id"), MemoryLayout.sequenceLayout(TAG_SIZE, JAVA_BYTE).withName("tag"),
            u32("jited_prog_len"), u32("xlated_prog_len"), u64("jited_prog_insns"), u64("xlated_prog_insns"),
            u64("load_time"), u32("created_by_uid"), u32("nr_map_ids"), u64("map_ids"), name16("name"),
            u32("ifindex"), u32("gpl_compatible_and_pad"), u64("netns_dev"), u64("netns_ino"),
            u32("nr_jited_ksyms"), u32("nr_jited_func_lens"), u64("jited_ksyms"), u64("jited_func_lens"),
            u32("btf_id"), u32("func_info_rec_size"), u64("func_info"), u32("nr_func_info"), u32("nr_line_info"),
            u64("line_info"), u64("jited_line_info"), u32("nr_jited_line_info"), u32("line_info_rec_size"),
            u32("jited_line_info_rec_size"), u32("nr_prog_tags"), u64("prog_tags"), u64("run_time_ns"),
            u64("run_cnt"), u64("recursion_misses"), u32("verified_insns"), u32("attach_btf_obj_id"),
            u32("attach_btf_id"), pad(4));

    // ---- struct bpf_map_info (first 104 bytes)
    public static final int MAP_INFO_SIZE = 104;
    public static final long MAP_INFO_TYPE = 0, MAP_INFO_ID = 4, MAP_INFO_KEY_SIZE = 8, MAP_INFO_VALUE_SIZE = 12,
            MAP_INFO_MAX_ENTRIES = 16, MAP_INFO_MAP_FLAGS = 20, MAP_INFO_NAME = 24, MAP_INFO_IFINDEX = 40,
            MAP_INFO_BTF_VMLINUX_VALUE_TYPE_ID = 44, MAP_INFO_BTF_ID = 64, MAP_INFO_BTF_KEY_TYPE_ID = 68,
            MAP_INFO_BTF_VALUE_TYPE_ID = 72;
    public static final StructLayout MAP_INFO = MemoryLayout.structLayout(
            u32("type"), u32("id"), u32("key_size"), u32("value_size"), u32("max_entries"), u32("map_flags"),
            name16("name"), u32("ifindex"), u32("btf_vmlinux_value_type_id"), u64("netns_dev"), u64("netns_ino"),
            u32("btf_id"), u32("btf_key_type_id"), u32("btf_value_type_id"), u32("btf_vmlinux_id"),
            u64("map_extra"), u64("hash"), u32("hash_size"), pad(4));

    // ---- struct bpf_btf_info (32 bytes): the BTF object's raw data is copied to {@code btf}
    public static final int BTF_INFO_SIZE = 32;
    public static final long BTF_INFO_BTF = 0, BTF_INFO_BTF_SIZE = 8, BTF_INFO_ID = 12, BTF_INFO_NAME = 16,
            BTF_INFO_NAME_LEN = 24, BTF_INFO_KERNEL_BTF = 28;
    public static final StructLayout BTF_INFO = MemoryLayout.structLayout(
            u64("btf"), u32("btf_size"), u32("id"), u64("name"), u32("name_len"), u32("kernel_btf"));

    // ---- struct bpf_link_info (64 bytes; tcx and netkit share the {ifindex, attach_type} shape)
    public static final int LINK_INFO_SIZE = 64;
    public static final long LINK_INFO_TYPE = 0, LINK_INFO_ID = 4, LINK_INFO_PROG_ID = 8, LINK_INFO_IFINDEX = 16,
            LINK_INFO_ATTACH_TYPE = 20;
    /** Where the type-specific union starts (tcx/netkit: ifindex, attach_type; cgroup: u64 id, …). */
    public static final long LINK_INFO_UNION = 16;
    public static final StructLayout LINK_INFO = MemoryLayout.structLayout(
            u32("type"), u32("id"), u32("prog_id"), pad(4), u32("ifindex"), u32("attach_type"), pad(40));

    /** Buffer size jnetkit passes for any info struct: larger than every one, the tail stays zero. */
    public static final int INFO_BUFFER_SIZE = 256;
}
