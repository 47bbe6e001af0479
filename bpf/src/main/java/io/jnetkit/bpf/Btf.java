package io.jnetkit.bpf;

import io.jnetkit.bpf.internal.Bpf;
import io.jnetkit.sys.Errno;
import io.jnetkit.sys.Fd;
import io.jnetkit.sys.KernelException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.NoSuchElementException;

/**
 * A BTF object loaded into the kernel (BPF_BTF_LOAD), owning its descriptor: the type
 * information of an ELF object, which programs reference for func and line info and maps for
 * their key and value types. The kernel checks the BTF strictly; a refusal comes with the BTF
 * verifier's log. {@link #fromId} opens one by id and {@link #data} reads its types back, as
 * {@code bpftool btf dump id N} does.
 */
public final class Btf implements AutoCloseable {
    /** BTF logs are short (one line per type at most); the reason is at the end. */
    private static final int LOG_SIZE = 1 << 20;

    private final Fd fd;

    private Btf(Fd fd) {
        this.fd = fd;
    }

    /**
     * Loads raw BTF (header, types, strings), as found in an object's {@code .BTF} section after
     * the loader's fixups.
     *
     * @throws VerifierException when the kernel rejects it, with the BTF verifier's log
     * @throws KernelException   for other errors (EPERM without CAP_BPF)
     */
    public static Btf load(byte[] raw) {
        String what = "load BTF";
        Bpf.LoadResult r = Bpf.btfLoad(raw, 0, null);
        if (r.ok()) {
            return new Btf(Fd.adopt(r.fd(), "BTF"));
        }
        if (r.errno() == Errno.EPERM) {
            throw new KernelException(what, r.errno(), null, "loading BTF needs CAP_BPF (or root)");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment log = arena.allocate(LOG_SIZE);
            Bpf.LoadResult retry = Bpf.btfLoad(raw, 1, log);
            if (retry.ok()) {
                return new Btf(Fd.adopt(retry.fd(), "BTF"));
            }
            String text = log.getString(0);
            int errno = retry.errno() == Errno.ENOSPC ? r.errno() : retry.errno();
            if (text.isBlank()) {
                throw new KernelException(what, errno);
            }
            // The kernel puts the reason at the end of the log, so a cut log still explains.
            throw new VerifierException(what, errno, text, false);
        }
    }

    /**
     * Opens the BTF object with kernel id {@code id} (BPF_BTF_GET_FD_BY_ID, Linux 5.0), as a map's
     * or program's btf_id names it; {@link KernelException} ENOENT when it is gone.
     */
    public static Btf fromId(int id) {
        String what = "open BTF id " + id;
        return new Btf(Fd.adopt(Bpf.btfGetFdById(what, id), what));
    }

    /**
     * The raw BTF (header, types, strings) the kernel holds, as loaded; for the kernel's own BTF
     * (vmlinux, a module) what {@code /sys/kernel/btf} shows. {@code bpftool btf dump id N format raw}
     * reads the same bytes.
     */
    public byte[] data() {
        return Infos.btfData("read BTF (" + fd + ")", fd.value());
    }

    /** The kernel's id of this BTF object. */
    public int id() {
        return Bpf.btfInfo("read BTF (" + fd + ")", fd.value()).id();
    }

    /**
     * The kernel's BTF object of the loaded module {@code module} (its split BTF, as in
     * {@code /sys/kernel/btf/MODULE}), opened by id: what a kfunc call or a typed {@code __ksym}
     * of a module must name at PROG_LOAD. {@code bpftool btf list} shows them.
     *
     * @throws NoSuchElementException when no loaded module of that name has BTF
     * @throws KernelException                  for a refusal (EPERM without CAP_SYS_ADMIN)
     */
    public static Btf kernelModule(String module) {
        String what = "open BTF of module " + module;
        int id = 0;
        while ((id = Bpf.btfGetNextId(id)) != 0) {
            int fd;
            try {
                fd = Bpf.btfGetFdById(what, id);
            } catch (KernelException e) {
                if (e.errno() == Errno.ENOENT) continue; // freed in between
                throw e;
            }
            Fd owned = Fd.adopt(fd, "BTF " + id);
            try {
                Bpf.BtfInfo info = Bpf.btfInfo(what, fd);
                if (info.kernelBtf() && module.equals(info.name())) return new Btf(owned);
            } catch (RuntimeException e) {
                owned.close();
                throw e;
            }
            owned.close();
        }
        throw new NoSuchElementException(what + ": no loaded module " + module + " has BTF");
    }

    public Fd fd() {
        return fd;
    }

    @Override
    public void close() {
        fd.close();
    }

    @Override
    public String toString() {
        return "BTF (" + fd + ")";
    }
}
