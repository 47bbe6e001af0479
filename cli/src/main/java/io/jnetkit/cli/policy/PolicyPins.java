package io.jnetkit.cli.policy;

import io.jnetkit.bpf.BpfMap;
import io.jnetkit.bpf.Link;
import io.jnetkit.bpf.LinkInfo;
import io.jnetkit.bpf.MapSpec;
import io.jnetkit.bpf.MapType;
import io.jnetkit.cli.Exit.NotFoundException;
import io.jnetkit.cli.Exit.UsageException;
import io.jnetkit.cli.attach.BpfFs;
import io.jnetkit.cli.attach.HookTarget;
import io.jnetkit.cli.attach.HookWord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where a hook's policy is pinned: {@code <hook pin dir>/policy/{link,counters,source}}. The
 * source is a one-entry array map whose value is the policy's text (UTF-8), frozen after it is
 * written; bpffs holds no regular files.
 */
final class PolicyPins {
    static final String SOURCE_MAP_NAME = "jnk_policy_src";

    final HookTarget target;
    final Path dir;

    PolicyPins(HookTarget target) {
        this.target = target;
        this.dir = target.pinDir().resolve("policy");
    }

    Path link() { return dir.resolve("link"); }

    Path counters() { return dir.resolve("counters"); }

    Path source() { return dir.resolve("source"); }

    /** A temporary name beside {@code pin}, for pin-then-rename. */
    static Path fresh(Path pin) { return pin.resolveSibling(pin.getFileName() + "-new"); } // bpffs names have no dots

    boolean present() {
        return Files.exists(link());
    }

    /**
     * The pinned link outlived its device: the device was deleted (and perhaps made again under
     * the same name), so the link is defunct and the kernel reports ifindex 0 for it.
     */
    boolean defunct() {
        try (Link l = Link.fromPinned(link())) {
            return l.info().ifindex() == 0;
        }
    }

    /** The pinned link, checked to be on this hook; not found when no jnetkit policy is there. */
    Link openLink() {
        if (!present()) {
            throw new NotFoundException("no jnetkit policy on " + target.describe()
                    + " (nothing pinned at " + link() + ")");
        }
        Link l = Link.fromPinned(link());
        try {
            LinkInfo info = l.info();
            HookWord hw = target.hookWord();
            if (info.attachType() != hw.point().attachType()) {
                throw new UsageException(link() + " is a " + info.type().word() + " link, not on " + hw.section());
            }
            return l;
        } catch (RuntimeException e) {
            l.close();
            throw e;
        }
    }

    /** Pins a frozen one-entry map holding {@code text} at {@code pin}. */
    static void pinSource(Path pin, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        try (BpfMap m = BpfMap.create(MapSpec.of(SOURCE_MAP_NAME, MapType.ARRAY, 4, Math.max(1, b.length), 1))) {
            m.put(new byte[4], b.length == 0 ? new byte[1] : b);
            m.freeze();
            m.pin(pin);
        }
    }

    /** The text pinned at {@code pin}; null when nothing is pinned there. */
    static String readSource(Path pin) {
        if (!Files.exists(pin)) return null;
        try (BpfMap m = BpfMap.fromPinned(pin)) {
            byte[] v = m.lookup(new byte[4]).orElse(new byte[0]);
            int n = v.length;
            while (n > 0 && v[n - 1] == 0) n--;
            return new String(v, 0, n, StandardCharsets.UTF_8);
        }
    }

    /** Renames a pin over another (rename(2) on bpffs: atomic, the old object loses that pin). */
    static void move(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("rename pin " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    /** Removes the pins that are there and the empty directories up to jnetkit's. */
    void unpinAll() {
        for (Path p : new Path[] {link(), counters(), source(), fresh(counters()), fresh(source())}) {
            BpfFs.unpin(p);
        }
        BpfFs.removeEmptyDirs(dir, BpfFs.jnetkitDir());
    }
}
