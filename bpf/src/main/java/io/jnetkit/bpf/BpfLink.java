package io.jnetkit.bpf;

import io.jnetkit.abi.BpfAbi;
import io.jnetkit.bpf.internal.Bpf;
import io.jnetkit.sys.Fd;

import java.nio.file.Path;

/**
 * A bpf link, owning its descriptor: the attachment lasts while the link is open or pinned.
 * Closing the last descriptor of an unpinned link detaches the program; pin it to keep the
 * attachment after this process exits.
 *
 * <p>After the device goes away a tcx/netkit link is <em>defunct</em>: {@link #info()} shows
 * ifindex 0, {@link #update} fails with ENOLINK, {@link #detach()} succeeds and does nothing.
 */
public final class BpfLink implements AutoCloseable {
    private final Fd fd;
    private final int id;

    BpfLink(Fd fd, int id) {
        this.fd = fd;
        this.id = id;
    }

    static BpfLink adopt(int raw, String what) {
        Fd fd = Fd.adopt(raw, what);
        try {
            return new BpfLink(fd, Infos.link(what, raw).id());
        } catch (RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    /**
     * Opens the link pinned at {@code path} (BPF_OBJ_GET).
     * Throws {@link IllegalArgumentException} when something else is pinned there ("… is a pinned
     * program, not a link"), or the path is not on a bpffs; {@link io.jnetkit.sys.KernelException}
     * ENOENT when nothing is pinned there.
     */
    public static BpfLink fromPinned(Path path) {
        return adopt(Pins.open(path, BpfObjects.Kind.LINK), "open pinned link " + path);
    }

    /** Opens the link with kernel id {@code id}; ENOENT when gone. */
    public static BpfLink fromId(int id) {
        String what = "open link id " + id;
        return adopt(Bpf.linkGetFdById(what, id), what);
    }

    public Fd fd() {
        return fd;
    }

    /** The kernel's link id. */
    public int id() {
        return id;
    }

    /** Fresh information from the kernel: type, program id, device, hook. {@code bpftool link show id N}. */
    public LinkInfo info() {
        return Infos.link("read info of link " + id, fd.value());
    }

    /**
     * Replaces the program atomically, keeping the link and its place in the hook's list
     * (BPF_LINK_UPDATE). {@code bpftool link update}… has no equivalent; cilium/ebpf's Link.Update.
     */
    public void update(Program program) {
        Bpf.linkUpdate("update link " + id + " to " + program.name(), fd.value(), program.fd().value(), 0, 0);
    }

    /** {@link #update(Program)}, only if the current program is {@code expected} (else EPERM). */
    public void update(Program program, Program expected) {
        Bpf.linkUpdate("update link " + id + " to " + program.name(), fd.value(), program.fd().value(),
                BpfAbi.BPF_F_REPLACE, expected.fd().value());
    }

    /** Detaches now (BPF_LINK_DETACH), also when pinned; the descriptor stays open until {@link #close()}. */
    public void detach() {
        Bpf.linkDetach("detach link " + id, fd.value());
    }

    /** Pins the link at {@code path} on a bpffs; the attachment then outlives this process. {@code bpftool link pin}. */
    public void pin(Path path) {
        Bpf.objPin("pin link " + id + " at " + path, fd.value(), path.toString());
    }

    @Override
    public void close() {
        fd.close();
    }

    @Override
    public String toString() {
        return "link " + id + " (" + fd + ")";
    }
}
