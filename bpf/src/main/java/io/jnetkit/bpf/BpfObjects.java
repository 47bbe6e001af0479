package io.jnetkit.bpf;

import io.jnetkit.bpf.internal.Bpf;
import io.jnetkit.sys.Errno;
import io.jnetkit.sys.Fd;
import io.jnetkit.sys.KernelException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;

/**
 * Every program, map and link on the system, by walking ids (GET_NEXT_ID → GET_FD_BY_ID →
 * OBJ_GET_INFO_BY_FD). {@code bpftool prog|map|link show}. Needs CAP_SYS_ADMIN. Objects that
 * disappear during the walk are skipped.
 */
public final class BpfObjects {
    private BpfObjects() {}

    /** The kinds of bpf object a descriptor or a pin can hold. */
    public enum Kind {
        PROGRAM("program"), MAP("map"), LINK("link"), OTHER("bpf object of another kind");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        /** The word messages use: program, map, link. */
        public String word() {
            return word;
        }
    }

    /**
     * What is pinned at {@code path}: opens it (BPF_OBJ_GET) and reads the descriptor's fdinfo.
     * Throws {@link KernelException} ENOENT ("nothing is pinned at …") when there is nothing,
     * {@link IllegalArgumentException} when the path is not on a bpffs or is a directory.
     */
    public static Kind pinnedKind(java.nio.file.Path path) {
        return Pins.kind(path);
    }

    /** Ids of all programs, ascending. */
    public static List<Integer> programIds() {
        return ids(Bpf::progGetNextId);
    }

    /** Ids of all maps, ascending. */
    public static List<Integer> mapIds() {
        return ids(Bpf::mapGetNextId);
    }

    /** Ids of all links, ascending. */
    public static List<Integer> linkIds() {
        return ids(Bpf::linkGetNextId);
    }

    public static List<ProgramInfo> programs() {
        return infos(programIds(), id -> {
            String what = "open program id " + id;
            return withFd(Bpf.progGetFdById(what, id), what, fd -> Infos.program(what, fd));
        });
    }

    public static List<MapInfo> maps() {
        return infos(mapIds(), id -> {
            String what = "open map id " + id;
            return withFd(Bpf.mapGetFdById(what, id), what, fd -> Infos.map(what, fd));
        });
    }

    public static List<LinkInfo> links() {
        return infos(linkIds(), id -> {
            String what = "open link id " + id;
            return withFd(Bpf.linkGetFdById(what, id), what, fd -> Infos.link(what, fd));
        });
    }

    private static List<Integer> ids(IntUnaryOperator next) {
        List<Integer> out = new ArrayList<>();
        int id = 0;
        while ((id = next.applyAsInt(id)) != 0) {
            out.add(id);
        }
        return out;
    }

    private static <T> T withFd(int raw, String what, IntFunction<T> body) {
        try (Fd fd = Fd.adopt(raw, what)) {
            return body.apply(fd.value());
        }
    }

    private static <T> List<T> infos(List<Integer> ids, IntFunction<T> open) {
        List<T> out = new ArrayList<>(ids.size());
        for (int id : ids) {
            try {
                out.add(open.apply(id));
            } catch (KernelException e) {
                if (e.errno() != Errno.ENOENT) throw e;
                // Freed between GET_NEXT_ID and GET_FD_BY_ID.
            }
        }
        return out;
    }
}
