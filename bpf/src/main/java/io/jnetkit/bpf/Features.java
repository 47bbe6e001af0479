package io.jnetkit.bpf;

import io.jnetkit.bpf.internal.Bpf;
import io.jnetkit.sys.Errno;
import io.jnetkit.sys.Fd;
import io.jnetkit.sys.KernelException;
import io.jnetkit.sys.internal.Syscall;

/**
 * Kernel feature probes, each with its minimum version, cached per JVM.
 *
 * <p>The netkit and tcx probes (as in cilium/ebpf): load a two-instruction SCHED_CLS program
 * and BPF_LINK_CREATE it with attach type 54 / 46 on ifindex 0xFFFFFFFF, which cannot exist.
 * ENODEV means the kernel got as far as looking for the device, so the hook type exists;
 * EINVAL means it does not know the attach type (or netkit is not built in). Nothing is
 * attached either way. CONFIG_NETKIT is a boolean option (built in or absent), so the hook
 * probe answers for the devices too.
 *
 * <p>{@link #netkit()} is the project's one netkit probe: {@code jnetkit doctor}, the demo, the
 * testkit's netkit-tier requirement and {@code lab/lab has-netkit} (through
 * {@link FeatureProbe}) all ask it.
 */
public final class Features {
    private Features() {}

    private static volatile FeatureStatus netkit;
    private static volatile FeatureStatus tcx;

    /** netkit devices and their BPF hooks (Linux 6.7, CONFIG_NETKIT). */
    public static FeatureStatus netkit() {
        FeatureStatus s = netkit;
        if (s == null) {
            s = probeLink("netkit", AttachType.NETKIT_PRIMARY, "6.7", "CONFIG_NETKIT");
            netkit = s;
        }
        return s;
    }

    /** tcx hooks (Linux 6.6). */
    public static FeatureStatus tcx() {
        FeatureStatus s = tcx;
        if (s == null) {
            s = probeLink("tcx", AttachType.TCX_INGRESS, "6.6", "CONFIG_NET_XGRESS");
            tcx = s;
        }
        return s;
    }

    // r0 = 0; exit
    private static final Bytecode RETURN_0 = Bytecode.of(0x0000_0000_0000_00b7L, 0x95L);

    static FeatureStatus probeLink(String feature, AttachType type, String minimum, String config) {
        Program probe;
        try {
            probe = Program.load(new ProgramSpec("jnk_probe", ProgramType.SCHED_CLS, type, "GPL", RETURN_0));
        } catch (KernelException e) {
            return new FeatureStatus.Unavailable(feature, "cannot load a probe program: " + e.getMessage());
        }
        try (probe) {
            Syscall.Result r = Bpf.linkCreateRaw(probe.fd().value(), -1, type.value());
            if (!r.failed()) {
                Fd.adopt((int) r.value(), "probe link").close();
                return new FeatureStatus.Supported(feature);
            }
            return switch (r.errno()) {
                case Errno.ENODEV -> new FeatureStatus.Supported(feature);
                case Errno.EINVAL -> new FeatureStatus.Unsupported(feature,
                        "BPF_LINK_CREATE with attach type " + type.value() + " (" + type.word() + ") gave EINVAL"
                                + (atLeast(System.getProperty("os.version"), minimum)
                                        ? "; Linux " + System.getProperty("os.version") + " is new enough, so it was built without " + config
                                        : ""),
                        minimum);
                default -> new FeatureStatus.Unavailable(feature,
                        "BPF_LINK_CREATE probe gave " + Errno.name(r.errno()) + " (" + Errno.describe(r.errno()) + ")");
            };
        }
    }

    /** Whether kernel release {@code release} ("6.18.44-foo") is at least {@code minimum} ("6.7"). */
    static boolean atLeast(String release, String minimum) {
        String[] r = release.split("[^0-9]+", 3), m = minimum.split("\\.");
        try {
            int major = Integer.parseInt(r[0]), minor = r.length > 1 ? Integer.parseInt(r[1]) : 0;
            int wantMajor = Integer.parseInt(m[0]), wantMinor = m.length > 1 ? Integer.parseInt(m[1]) : 0;
            return major > wantMajor || (major == wantMajor && minor >= wantMinor);
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return false;   // an unreadable release: say nothing rather than guess
        }
    }
}
