package io.jnetkit.abi;

import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.StructLayout;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Pins every bpf_attr variant and info struct against the offsets in the netkit fact sheet
 * (§3.4–3.6, §4). Literal numbers on purpose: a typo in BpfAbi must not be able to agree
 * with itself.
 */
class BpfLayoutTest {
    private static long off(StructLayout l, String field) {
        return l.byteOffset(PathElement.groupElement(field));
    }

    private static void pin(StructLayout l, long constant, String field, long expected) {
        assertEquals(expected, constant, field + " constant");
        assertEquals(expected, off(l, field), field + " layout");
    }

    @Test
    void everyAttrVariantIsTheFullUnion() {
        for (StructLayout l : new StructLayout[] {BpfAbi.MAP_CREATE, BpfAbi.MAP_ELEM, BpfAbi.PROG_LOAD, BpfAbi.OBJ,
                BpfAbi.PROG_ATTACH, BpfAbi.TEST_RUN, BpfAbi.GET_ID, BpfAbi.INFO, BpfAbi.QUERY, BpfAbi.BTF_LOAD,
                BpfAbi.LINK_CREATE, BpfAbi.LINK_UPDATE, BpfAbi.LINK_DETACH}) {
            assertEquals(168, l.byteSize(), l.toString());
        }
        assertEquals(168, BpfAbi.ATTR_SIZE);
    }

    @Test
    void commandsAndTypes() {
        assertEquals(0, BpfAbi.BPF_MAP_CREATE);
        assertEquals(5, BpfAbi.BPF_PROG_LOAD);
        assertEquals(10, BpfAbi.BPF_PROG_TEST_RUN);
        assertEquals(15, BpfAbi.BPF_OBJ_GET_INFO_BY_FD);
        assertEquals(16, BpfAbi.BPF_PROG_QUERY);
        assertEquals(18, BpfAbi.BPF_BTF_LOAD);
        assertEquals(19, BpfAbi.BPF_BTF_GET_FD_BY_ID);
        assertEquals(23, BpfAbi.BPF_BTF_GET_NEXT_ID);
        assertEquals(28, BpfAbi.BPF_LINK_CREATE);
        assertEquals(29, BpfAbi.BPF_LINK_UPDATE);
        assertEquals(30, BpfAbi.BPF_LINK_GET_FD_BY_ID);
        assertEquals(31, BpfAbi.BPF_LINK_GET_NEXT_ID);
        assertEquals(34, BpfAbi.BPF_LINK_DETACH);
        assertEquals(3, BpfAbi.BPF_PROG_TYPE_SCHED_CLS);
        assertEquals(46, BpfAbi.BPF_TCX_INGRESS);
        assertEquals(47, BpfAbi.BPF_TCX_EGRESS);
        assertEquals(54, BpfAbi.BPF_NETKIT_PRIMARY);
        assertEquals(55, BpfAbi.BPF_NETKIT_PEER);
        assertEquals(11, BpfAbi.BPF_LINK_TYPE_TCX);
        assertEquals(13, BpfAbi.BPF_LINK_TYPE_NETKIT);
        assertEquals(4, BpfAbi.BPF_F_REPLACE);
        assertEquals(8, BpfAbi.BPF_F_BEFORE);
        assertEquals(16, BpfAbi.BPF_F_AFTER);
        assertEquals(32, BpfAbi.BPF_F_ID);
        assertEquals(8192, BpfAbi.BPF_F_LINK);
        assertEquals(16_777_215, BpfAbi.LOG_SIZE_MAX);
    }

    @Test
    void mapCreate() {
        StructLayout l = BpfAbi.MAP_CREATE;
        pin(l, BpfAbi.MAP_CREATE_MAP_TYPE, "map_type", 0);
        pin(l, BpfAbi.MAP_CREATE_KEY_SIZE, "key_size", 4);
        pin(l, BpfAbi.MAP_CREATE_VALUE_SIZE, "value_size", 8);
        pin(l, BpfAbi.MAP_CREATE_MAX_ENTRIES, "max_entries", 12);
        pin(l, BpfAbi.MAP_CREATE_MAP_FLAGS, "map_flags", 16);
        pin(l, BpfAbi.MAP_CREATE_INNER_MAP_FD, "inner_map_fd", 20);
        pin(l, BpfAbi.MAP_CREATE_NUMA_NODE, "numa_node", 24);
        pin(l, BpfAbi.MAP_CREATE_MAP_NAME, "map_name", 28);
        pin(l, BpfAbi.MAP_CREATE_MAP_IFINDEX, "map_ifindex", 44);
        pin(l, BpfAbi.MAP_CREATE_BTF_FD, "btf_fd", 48);
        pin(l, BpfAbi.MAP_CREATE_BTF_KEY_TYPE_ID, "btf_key_type_id", 52);
        pin(l, BpfAbi.MAP_CREATE_BTF_VALUE_TYPE_ID, "btf_value_type_id", 56);
        pin(l, BpfAbi.MAP_CREATE_BTF_VMLINUX_VALUE_TYPE_ID, "btf_vmlinux_value_type_id", 60);
        pin(l, BpfAbi.MAP_CREATE_MAP_EXTRA, "map_extra", 64);
        pin(l, BpfAbi.MAP_CREATE_VALUE_TYPE_BTF_OBJ_FD, "value_type_btf_obj_fd", 72);
        pin(l, BpfAbi.MAP_CREATE_MAP_TOKEN_FD, "map_token_fd", 76);
    }

    @Test
    void mapElem() {
        StructLayout l = BpfAbi.MAP_ELEM;
        pin(l, BpfAbi.MAP_ELEM_MAP_FD, "map_fd", 0);
        pin(l, BpfAbi.MAP_ELEM_KEY, "key", 8);
        pin(l, BpfAbi.MAP_ELEM_VALUE, "value", 16);
        assertEquals(16, BpfAbi.MAP_ELEM_NEXT_KEY);
        pin(l, BpfAbi.MAP_ELEM_FLAGS, "flags", 24);
        assertEquals(1, BpfAbi.BPF_NOEXIST);
        assertEquals(2, BpfAbi.BPF_EXIST);
    }

    @Test
    void progLoad() {
        StructLayout l = BpfAbi.PROG_LOAD;
        assertEquals(168, l.byteSize());
        pin(l, BpfAbi.PROG_LOAD_PROG_TYPE, "prog_type", 0);
        pin(l, BpfAbi.PROG_LOAD_INSN_CNT, "insn_cnt", 4);
        pin(l, BpfAbi.PROG_LOAD_INSNS, "insns", 8);
        pin(l, BpfAbi.PROG_LOAD_LICENSE, "license", 16);
        pin(l, BpfAbi.PROG_LOAD_LOG_LEVEL, "log_level", 24);
        pin(l, BpfAbi.PROG_LOAD_LOG_SIZE, "log_size", 28);
        pin(l, BpfAbi.PROG_LOAD_LOG_BUF, "log_buf", 32);
        pin(l, BpfAbi.PROG_LOAD_KERN_VERSION, "kern_version", 40);
        pin(l, BpfAbi.PROG_LOAD_PROG_FLAGS, "prog_flags", 44);
        pin(l, BpfAbi.PROG_LOAD_PROG_NAME, "prog_name", 48);
        pin(l, BpfAbi.PROG_LOAD_PROG_IFINDEX, "prog_ifindex", 64);
        pin(l, BpfAbi.PROG_LOAD_EXPECTED_ATTACH_TYPE, "expected_attach_type", 68);
        pin(l, BpfAbi.PROG_LOAD_PROG_BTF_FD, "prog_btf_fd", 72);
        pin(l, BpfAbi.PROG_LOAD_FUNC_INFO_REC_SIZE, "func_info_rec_size", 76);
        pin(l, BpfAbi.PROG_LOAD_FUNC_INFO, "func_info", 80);
        pin(l, BpfAbi.PROG_LOAD_FUNC_INFO_CNT, "func_info_cnt", 88);
        pin(l, BpfAbi.PROG_LOAD_LINE_INFO_REC_SIZE, "line_info_rec_size", 92);
        pin(l, BpfAbi.PROG_LOAD_LINE_INFO, "line_info", 96);
        pin(l, BpfAbi.PROG_LOAD_LINE_INFO_CNT, "line_info_cnt", 104);
        pin(l, BpfAbi.PROG_LOAD_ATTACH_BTF_ID, "attach_btf_id", 108);
        pin(l, BpfAbi.PROG_LOAD_ATTACH_PROG_FD, "attach_prog_fd", 112);
        pin(l, BpfAbi.PROG_LOAD_CORE_RELO_CNT, "core_relo_cnt", 116);
        pin(l, BpfAbi.PROG_LOAD_FD_ARRAY, "fd_array", 120);
        pin(l, BpfAbi.PROG_LOAD_CORE_RELOS, "core_relos", 128);
        pin(l, BpfAbi.PROG_LOAD_CORE_RELO_REC_SIZE, "core_relo_rec_size", 136);
        pin(l, BpfAbi.PROG_LOAD_LOG_TRUE_SIZE, "log_true_size", 140);
        pin(l, BpfAbi.PROG_LOAD_PROG_TOKEN_FD, "prog_token_fd", 144);
        pin(l, BpfAbi.PROG_LOAD_FD_ARRAY_CNT, "fd_array_cnt", 148);
        pin(l, BpfAbi.PROG_LOAD_SIGNATURE, "signature", 152);
        pin(l, BpfAbi.PROG_LOAD_SIGNATURE_SIZE, "signature_size", 160);
        pin(l, BpfAbi.PROG_LOAD_KEYRING_ID, "keyring_id", 164);
    }

    @Test
    void objPinGet() {
        StructLayout l = BpfAbi.OBJ;
        pin(l, BpfAbi.OBJ_PATHNAME, "pathname", 0);
        pin(l, BpfAbi.OBJ_BPF_FD, "bpf_fd", 8);
        pin(l, BpfAbi.OBJ_FILE_FLAGS, "file_flags", 12);
        pin(l, BpfAbi.OBJ_PATH_FD, "path_fd", 16);
        assertEquals(1 << 14, BpfAbi.BPF_F_PATH_FD);
    }

    @Test
    void progAttach() {
        StructLayout l = BpfAbi.PROG_ATTACH;
        pin(l, BpfAbi.PROG_ATTACH_TARGET_IFINDEX, "target_ifindex", 0);
        pin(l, BpfAbi.PROG_ATTACH_ATTACH_BPF_FD, "attach_bpf_fd", 4);
        pin(l, BpfAbi.PROG_ATTACH_ATTACH_TYPE, "attach_type", 8);
        pin(l, BpfAbi.PROG_ATTACH_ATTACH_FLAGS, "attach_flags", 12);
        pin(l, BpfAbi.PROG_ATTACH_REPLACE_BPF_FD, "replace_bpf_fd", 16);
        pin(l, BpfAbi.PROG_ATTACH_RELATIVE_FD, "relative_fd", 20);
        pin(l, BpfAbi.PROG_ATTACH_EXPECTED_REVISION, "expected_revision", 24);
    }

    @Test
    void testRun() {
        StructLayout l = BpfAbi.TEST_RUN;
        pin(l, BpfAbi.TEST_PROG_FD, "prog_fd", 0);
        pin(l, BpfAbi.TEST_RETVAL, "retval", 4);
        pin(l, BpfAbi.TEST_DATA_SIZE_IN, "data_size_in", 8);
        pin(l, BpfAbi.TEST_DATA_SIZE_OUT, "data_size_out", 12);
        pin(l, BpfAbi.TEST_DATA_IN, "data_in", 16);
        pin(l, BpfAbi.TEST_DATA_OUT, "data_out", 24);
        pin(l, BpfAbi.TEST_REPEAT, "repeat", 32);
        pin(l, BpfAbi.TEST_DURATION, "duration", 36);
        pin(l, BpfAbi.TEST_CTX_SIZE_IN, "ctx_size_in", 40);
        pin(l, BpfAbi.TEST_CTX_SIZE_OUT, "ctx_size_out", 44);
        pin(l, BpfAbi.TEST_CTX_IN, "ctx_in", 48);
        pin(l, BpfAbi.TEST_CTX_OUT, "ctx_out", 56);
        pin(l, BpfAbi.TEST_FLAGS, "flags", 64);
        pin(l, BpfAbi.TEST_CPU, "cpu", 68);
        pin(l, BpfAbi.TEST_BATCH_SIZE, "batch_size", 72);
    }

    @Test
    void idsAndInfo() {
        pin(BpfAbi.GET_ID, BpfAbi.GET_ID_START_ID, "start_id", 0);
        assertEquals(0, BpfAbi.GET_ID_ID);
        pin(BpfAbi.GET_ID, BpfAbi.GET_ID_NEXT_ID, "next_id", 4);
        pin(BpfAbi.GET_ID, BpfAbi.GET_ID_OPEN_FLAGS, "open_flags", 8);
        pin(BpfAbi.GET_ID, BpfAbi.GET_ID_TOKEN_FD, "fd_by_id_token_fd", 12);
        pin(BpfAbi.INFO, BpfAbi.INFO_BPF_FD, "bpf_fd", 0);
        pin(BpfAbi.INFO, BpfAbi.INFO_INFO_LEN, "info_len", 4);
        pin(BpfAbi.INFO, BpfAbi.INFO_INFO, "info", 8);
    }

    @Test
    void query() {
        StructLayout l = BpfAbi.QUERY;
        pin(l, BpfAbi.QUERY_TARGET_IFINDEX, "target_ifindex", 0);
        pin(l, BpfAbi.QUERY_ATTACH_TYPE, "attach_type", 4);
        pin(l, BpfAbi.QUERY_QUERY_FLAGS, "query_flags", 8);
        pin(l, BpfAbi.QUERY_ATTACH_FLAGS, "attach_flags", 12);
        pin(l, BpfAbi.QUERY_PROG_IDS, "prog_ids", 16);
        pin(l, BpfAbi.QUERY_COUNT, "count", 24);
        pin(l, BpfAbi.QUERY_PROG_ATTACH_FLAGS, "prog_attach_flags", 32);
        pin(l, BpfAbi.QUERY_LINK_IDS, "link_ids", 40);
        pin(l, BpfAbi.QUERY_LINK_ATTACH_FLAGS, "link_attach_flags", 48);
        pin(l, BpfAbi.QUERY_REVISION, "revision", 56);
    }

    @Test
    void btfLoad() {
        StructLayout l = BpfAbi.BTF_LOAD;
        pin(l, BpfAbi.BTF_LOAD_BTF, "btf", 0);
        pin(l, BpfAbi.BTF_LOAD_LOG_BUF, "btf_log_buf", 8);
        pin(l, BpfAbi.BTF_LOAD_BTF_SIZE, "btf_size", 16);
        pin(l, BpfAbi.BTF_LOAD_LOG_SIZE, "btf_log_size", 20);
        pin(l, BpfAbi.BTF_LOAD_LOG_LEVEL, "btf_log_level", 24);
        pin(l, BpfAbi.BTF_LOAD_LOG_TRUE_SIZE, "btf_log_true_size", 28);
        pin(l, BpfAbi.BTF_LOAD_FLAGS, "btf_flags", 32);
        pin(l, BpfAbi.BTF_LOAD_TOKEN_FD, "btf_token_fd", 36);
    }

    @Test
    void links() {
        StructLayout l = BpfAbi.LINK_CREATE;
        pin(l, BpfAbi.LINK_CREATE_PROG_FD, "prog_fd", 0);
        pin(l, BpfAbi.LINK_CREATE_TARGET_IFINDEX, "target_ifindex", 4);
        pin(l, BpfAbi.LINK_CREATE_ATTACH_TYPE, "attach_type", 8);
        pin(l, BpfAbi.LINK_CREATE_FLAGS, "flags", 12);
        pin(l, BpfAbi.LINK_CREATE_RELATIVE_FD, "relative_fd", 16);
        // 4 bytes of padding at 20: expected_revision is 8-aligned.
        pin(l, BpfAbi.LINK_CREATE_EXPECTED_REVISION, "expected_revision", 24);
        pin(BpfAbi.LINK_UPDATE, BpfAbi.LINK_UPDATE_LINK_FD, "link_fd", 0);
        pin(BpfAbi.LINK_UPDATE, BpfAbi.LINK_UPDATE_NEW_PROG_FD, "new_prog_fd", 4);
        pin(BpfAbi.LINK_UPDATE, BpfAbi.LINK_UPDATE_FLAGS, "flags", 8);
        pin(BpfAbi.LINK_UPDATE, BpfAbi.LINK_UPDATE_OLD_PROG_FD, "old_prog_fd", 12);
        pin(BpfAbi.LINK_DETACH, BpfAbi.LINK_DETACH_LINK_FD, "link_fd", 0);
    }

    @Test
    void progInfo() {
        StructLayout l = BpfAbi.PROG_INFO;
        assertEquals(232, l.byteSize());
        assertEquals(232, BpfAbi.PROG_INFO_SIZE);
        pin(l, BpfAbi.PROG_INFO_TYPE, "type", 0);
        pin(l, BpfAbi.PROG_INFO_ID, "id", 4);
        pin(l, BpfAbi.PROG_INFO_TAG, "tag", 8);
        pin(l, BpfAbi.PROG_INFO_JITED_PROG_LEN, "jited_prog_len", 16);
        pin(l, BpfAbi.PROG_INFO_XLATED_PROG_LEN, "xlated_prog_len", 20);
        pin(l, BpfAbi.PROG_INFO_JITED_PROG_INSNS, "jited_prog_insns", 24);
        pin(l, BpfAbi.PROG_INFO_XLATED_PROG_INSNS, "xlated_prog_insns", 32);
        pin(l, BpfAbi.PROG_INFO_LOAD_TIME, "load_time", 40);
        pin(l, BpfAbi.PROG_INFO_CREATED_BY_UID, "created_by_uid", 48);
        pin(l, BpfAbi.PROG_INFO_NR_MAP_IDS, "nr_map_ids", 52);
        pin(l, BpfAbi.PROG_INFO_MAP_IDS, "map_ids", 56);
        pin(l, BpfAbi.PROG_INFO_NAME, "name", 64);
        pin(l, BpfAbi.PROG_INFO_IFINDEX, "ifindex", 80);
        pin(l, BpfAbi.PROG_INFO_GPL_COMPATIBLE, "gpl_compatible_and_pad", 84);
        pin(l, BpfAbi.PROG_INFO_NETNS_DEV, "netns_dev", 88);
        pin(l, BpfAbi.PROG_INFO_NETNS_INO, "netns_ino", 96);
        assertEquals(104, off(l, "nr_jited_ksyms"));
        assertEquals(112, off(l, "jited_ksyms"));
        pin(l, BpfAbi.PROG_INFO_BTF_ID, "btf_id", 128);
        pin(l, BpfAbi.PROG_INFO_FUNC_INFO_REC_SIZE, "func_info_rec_size", 132);
        pin(l, BpfAbi.PROG_INFO_FUNC_INFO, "func_info", 136);
        pin(l, BpfAbi.PROG_INFO_NR_FUNC_INFO, "nr_func_info", 144);
        assertEquals(BpfAbi.FUNC_INFO_SIZE, BpfAbi.FUNC_INFO.byteSize());
        assertEquals(152, off(l, "line_info"));
        pin(l, BpfAbi.PROG_INFO_NR_LINE_INFO, "nr_line_info", 148);
        pin(l, BpfAbi.PROG_INFO_LINE_INFO, "line_info", 152);
        pin(l, BpfAbi.PROG_INFO_LINE_INFO_REC_SIZE, "line_info_rec_size", 172);
        assertEquals(BpfAbi.LINE_INFO_SIZE, BpfAbi.LINE_INFO.byteSize());
        assertEquals(180, off(l, "nr_prog_tags"));
        assertEquals(184, off(l, "prog_tags"));
        pin(l, BpfAbi.PROG_INFO_RUN_TIME_NS, "run_time_ns", 192);
        pin(l, BpfAbi.PROG_INFO_RUN_CNT, "run_cnt", 200);
        pin(l, BpfAbi.PROG_INFO_RECURSION_MISSES, "recursion_misses", 208);
        pin(l, BpfAbi.PROG_INFO_VERIFIED_INSNS, "verified_insns", 216);
        pin(l, BpfAbi.PROG_INFO_ATTACH_BTF_OBJ_ID, "attach_btf_obj_id", 220);
        pin(l, BpfAbi.PROG_INFO_ATTACH_BTF_ID, "attach_btf_id", 224);
    }

    @Test
    void btfInfo() {
        StructLayout b = BpfAbi.BTF_INFO;
        assertEquals(32, b.byteSize());
        assertEquals(32, BpfAbi.BTF_INFO_SIZE);
        pin(b, BpfAbi.BTF_INFO_BTF, "btf", 0);
        pin(b, BpfAbi.BTF_INFO_BTF_SIZE, "btf_size", 8);
        pin(b, BpfAbi.BTF_INFO_ID, "id", 12);
        pin(b, BpfAbi.BTF_INFO_NAME, "name", 16);
        pin(b, BpfAbi.BTF_INFO_NAME_LEN, "name_len", 24);
        pin(b, BpfAbi.BTF_INFO_KERNEL_BTF, "kernel_btf", 28);
        assertEquals(19, BpfAbi.BPF_BTF_GET_FD_BY_ID);
    }

    @Test
    void mapAndLinkInfo() {
        StructLayout m = BpfAbi.MAP_INFO;
        assertEquals(104, m.byteSize());
        assertEquals(104, BpfAbi.MAP_INFO_SIZE);
        pin(m, BpfAbi.MAP_INFO_TYPE, "type", 0);
        pin(m, BpfAbi.MAP_INFO_ID, "id", 4);
        pin(m, BpfAbi.MAP_INFO_KEY_SIZE, "key_size", 8);
        pin(m, BpfAbi.MAP_INFO_VALUE_SIZE, "value_size", 12);
        pin(m, BpfAbi.MAP_INFO_MAX_ENTRIES, "max_entries", 16);
        pin(m, BpfAbi.MAP_INFO_MAP_FLAGS, "map_flags", 20);
        pin(m, BpfAbi.MAP_INFO_NAME, "name", 24);
        pin(m, BpfAbi.MAP_INFO_IFINDEX, "ifindex", 40);
        pin(m, BpfAbi.MAP_INFO_BTF_VMLINUX_VALUE_TYPE_ID, "btf_vmlinux_value_type_id", 44);
        pin(m, BpfAbi.MAP_INFO_BTF_ID, "btf_id", 64);
        pin(m, BpfAbi.MAP_INFO_BTF_KEY_TYPE_ID, "btf_key_type_id", 68);
        pin(m, BpfAbi.MAP_INFO_BTF_VALUE_TYPE_ID, "btf_value_type_id", 72);
        StructLayout k = BpfAbi.LINK_INFO;
        assertEquals(64, k.byteSize());
        assertEquals(64, BpfAbi.LINK_INFO_SIZE);
        pin(k, BpfAbi.LINK_INFO_TYPE, "type", 0);
        pin(k, BpfAbi.LINK_INFO_ID, "id", 4);
        pin(k, BpfAbi.LINK_INFO_PROG_ID, "prog_id", 8);
        pin(k, BpfAbi.LINK_INFO_IFINDEX, "ifindex", 16);
        pin(k, BpfAbi.LINK_INFO_ATTACH_TYPE, "attach_type", 20);
        assertEquals(true, BpfAbi.INFO_BUFFER_SIZE >= BpfAbi.PROG_INFO_SIZE);
    }
}
