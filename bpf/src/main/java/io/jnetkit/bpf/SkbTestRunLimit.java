package io.jnetkit.bpf;

import io.jnetkit.bpf.internal.Bpf;
import io.jnetkit.sys.Errno;
import io.jnetkit.sys.KernelException;

/**
 * How big a packet BPF_PROG_TEST_RUN takes for an skb program, so that {@link Program#testRun}
 * can say so instead of passing on a bare EINVAL.
 *
 * <p>Up to at least 6.18 the kernel copies the packet into one page that also holds the skb's
 * headroom and its shared info: PAGE_SIZE - NET_SKB_PAD - NET_IP_ALIGN -
 * SKB_DATA_ALIGN(sizeof(struct skb_shared_info)) = 4096 - 64 - 0 - 320 = {@value #LINEAR} on
 * x86_64 (measured on 6.12 and 6.18), and one byte more is EINVAL. Later kernels (7.3 measured)
 * put the rest into page fragments, at most MAX_SKB_FRAGS (17) of them: {@value #NON_LINEAR}
 * bytes, and one byte more is ENOMEM. Which of the two applies is found once per JVM by test-running
 * a two-instruction program at the edges — only when a packet is longer than {@value #LINEAR}.
 * Other architectures may have larger pages or cache lines, so there the kernel alone decides.
 */
final class SkbTestRunLimit {
    private SkbTestRunLimit() {}

    static final int LINEAR = 4096 - 64 - 320;
    static final int NON_LINEAR = LINEAR + 17 * 4096;

    private static final boolean X86_64 = switch (System.getProperty("os.arch")) {
        case "amd64", "x86_64" -> true;
        default -> false;
    };

    private static volatile Integer cached;

    static int get() {
        Integer c = cached;
        if (c == null) {
            c = probe();
            cached = c;
        }
        return c;
    }

    static String explain(int max) {
        return max == NON_LINEAR ? "one page less the skb's headroom and shared info, plus 17 fragment pages"
                : "one page less the skb's headroom and shared info";
    }

    private static int probe() {
        if (!X86_64) return 0;
        // mov r0, 0; exit
        ProgramSpec spec = ProgramSpec.of("jnk_size_probe", ProgramType.SCHED_CLS, Bytecode.of(0xb7L, 0x95L));
        try (Program p = Program.load(spec)) {
            if (!fits(p, LINEAR)) return 0;  // smaller than known: leave it to the kernel
            if (!fits(p, LINEAR + 1)) return LINEAR;
            if (fits(p, NON_LINEAR) && !fits(p, NON_LINEAR + 1)) return NON_LINEAR;
            return 0;
        } catch (KernelException e) {
            return 0;  // no CAP_BPF, or no test runs: the caller's own run will say why
        }
    }

    private static boolean fits(Program p, int size) {
        try {
            Bpf.progTestRun("probe skb test-run size", p.fd().value(), new byte[size], size, 1);
            return true;
        } catch (KernelException e) {
            if (e.errno() == Errno.EINVAL || e.errno() == Errno.ENOMEM) return false;
            throw e;
        }
    }
}
