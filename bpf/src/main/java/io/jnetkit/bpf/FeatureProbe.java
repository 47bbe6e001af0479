package io.jnetkit.bpf;

import java.util.Locale;

/**
 * The command-line face of {@link Features}, for scripts that run before (or without) the
 * {@code jnetkit} jar, such as {@code lab/lab has-netkit}:
 * {@code java --enable-native-access=ALL-UNNAMED -cp abi/target/classes:netns/target/classes:bpf/target/classes io.jnetkit.bpf.FeatureProbe netkit}.
 * Prints {@link FeatureStatus#message()} and exits 0 when supported, 1 when not, 3 when the probe
 * could not tell (no CAP_BPF, say), 2 on bad usage.
 */
public final class FeatureProbe {
    private FeatureProbe() {}

    /** Exit status: supported. */
    public static final int SUPPORTED = 0;
    /** Exit status: the kernel lacks the feature. */
    public static final int UNSUPPORTED = 1;
    /** Exit status: not a known feature name. */
    public static final int USAGE = 2;
    /** Exit status: the probe itself could not run. */
    public static final int UNAVAILABLE = 3;

    /** The status of feature {@code name} ("netkit", "tcx"). */
    public static FeatureStatus probe(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "netkit" -> Features.netkit();
            case "tcx" -> Features.tcx();
            default -> throw new IllegalArgumentException("unknown feature \"" + name + "\": expected netkit or tcx");
        };
    }

    /** The exit status that {@link #main} gives for {@code status}. */
    public static int exitCode(FeatureStatus status) {
        return switch (status) {
            case FeatureStatus.Supported s -> SUPPORTED;
            case FeatureStatus.Unsupported u -> UNSUPPORTED;
            case FeatureStatus.Unavailable u -> UNAVAILABLE;
        };
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: FeatureProbe netkit|tcx");
            System.exit(USAGE);
        }
        FeatureStatus s;
        try {
            s = probe(args[0]);
        } catch (IllegalArgumentException e) {
            System.err.println("feature probe: " + e.getMessage());
            System.exit(USAGE);
            return;
        }
        System.out.println(s.message());
        System.exit(exitCode(s));
    }
}
