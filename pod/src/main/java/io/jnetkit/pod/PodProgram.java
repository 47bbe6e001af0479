package io.jnetkit.pod;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What runs on one of a pod's hooks: a policy in jnetkit's policy language (compiled and kept by
 * {@link io.jnetkit.hooks.PolicyStore}) or a program from a BPF object file (attached and pinned by
 * {@link io.jnetkit.hooks.PinnedHooks}). Kernel-free.
 */
public sealed interface PodProgram {
    /** A policy, e.g. {@code "deny tcp dport 22; allow any"}; parsed when the spec is validated. */
    record Policy(String text) implements PodProgram {
        public Policy {
            Objects.requireNonNull(text, "policy text");
            if (text.isBlank()) throw new IllegalArgumentException("invalid pod policy: empty");
        }

        @Override
        public String toString() {
            return "policy \"" + text + "\"";
        }
    }

    /**
     * Program {@code program} of the ELF object at {@code object} (null program: the object's only
     * one). A SCHED_CLS program (any of the sections {@code tc}, {@code tcx/*}, {@code netkit/*}):
     * the kernel accepts it on netkit and tcx hooks alike.
     */
    record BpfObject(Path object, String program) implements PodProgram {
        public BpfObject {
            Objects.requireNonNull(object, "object path");
            if (program != null && program.isBlank()) program = null;
        }

        @Override
        public String toString() {
            return "object " + object + (program == null ? "" : ":" + program);
        }
    }

    static PodProgram policy(String text) {
        return new Policy(text);
    }

    static PodProgram object(Path object, String program) {
        return new BpfObject(object, program);
    }
}
