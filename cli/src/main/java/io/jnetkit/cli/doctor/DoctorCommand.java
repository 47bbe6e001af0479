package io.jnetkit.cli.doctor;

import io.jnetkit.cli.Exit;
import io.jnetkit.cli.Global;
import io.jnetkit.cli.Json;
import io.jnetkit.bpf.FeatureStatus;
import io.jnetkit.bpf.Features;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** Checks the host: kernel features, privileges, native access, and the kernel lab. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        header = "Check what this kernel supports for jnetkit, and whether the kernel lab can run.",
        description = {"Check what this host supports: netkit, tcx, BTF, bpffs, privileges, native access, "
                + "and whether the kernel lab (a QEMU guest with a netkit kernel) can run here.",
                "Each line is 'ok' or 'missing' with what to do. Exit 0 when jnetkit can work here.",
                "Example: jnetkit doctor --json"})
public final class DoctorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** One line of the report. {@code required}: jnetkit cannot work without it. */
    public record Check(String name, boolean ok, String detail, String hint, boolean required) {}

    /** The whole report. */
    public record Report(String kernel, List<Check> checks, boolean netkitHere, boolean labReady, boolean ok) {}

    @Override
    public Integer call() {
        Report report = examine();
        PrintWriter out = spec.commandLine().getOut();
        if (Global.json()) {
            out.println(Json.write(report));
        } else {
            out.println("kernel " + report.kernel());
            for (Check c : report.checks()) {
                out.printf("%-7s %-16s %s%s%n", c.ok() ? "ok" : "missing", c.name(), c.detail(),
                        c.ok() || c.hint() == null ? "" : " — " + c.hint());
            }
            out.println(report.ok()
                    ? (report.netkitHere() ? "jnetkit can run everything here, netkit tier included"
                        : "jnetkit can run here; netkit runs in the kernel lab guest")
                    : "jnetkit cannot fully run here: see the 'missing' lines above");
        }
        out.flush();
        return report.ok() ? Exit.OK.code : Exit.FAILED.code;
    }

    static Report examine() {
        List<Check> checks = new ArrayList<>();
        long caps = effectiveCapabilities();
        checks.add(cap(caps, 12, "CAP_NET_ADMIN", true));
        checks.add(cap(caps, 21, "CAP_SYS_ADMIN", true));
        checks.add(cap(caps, 39, "CAP_BPF", false));
        // The module that makes the downcall: io.jnetkit.abi on the module path, the unnamed
        // module on the class path.
        boolean nativeAccess = io.jnetkit.sys.KernelException.class.getModule().isNativeAccessEnabled();
        checks.add(new Check("native access", nativeAccess,
                nativeAccess ? "enabled" : "not enabled",
                "run with --enable-native-access=io.jnetkit.abi (module path) or ALL-UNNAMED (class path); bin/jnetkit does",
                true));
        // Real probes (a BPF_LINK_CREATE on an ifindex that cannot exist), not config guesses.
        FeatureStatus netkitStatus = Features.netkit();
        boolean netkit = netkitStatus.supported();
        checks.add(new Check("netkit", netkit, netkitStatus.message(),
                "needs CONFIG_NETKIT (Linux 6.7+); the kernel lab runs a 6.12 guest instead", false));
        FeatureStatus tcxStatus = Features.tcx();
        checks.add(new Check("tcx", tcxStatus.supported(), tcxStatus.message(),
                "needs CONFIG_NET_XGRESS (Linux 6.6+)", false));
        boolean btf = Files.isReadable(Path.of("/sys/kernel/btf/vmlinux"));
        checks.add(new Check("btf", btf, btf ? "/sys/kernel/btf/vmlinux" : "no kernel BTF",
                "needs CONFIG_DEBUG_INFO_BTF", false));
        boolean bpffs = mounted("/sys/fs/bpf", "bpf");
        checks.add(new Check("bpffs", bpffs, bpffs ? "mounted on /sys/fs/bpf" : "not mounted on /sys/fs/bpf",
                "mount -t bpf bpf /sys/fs/bpf", false));
        boolean tracefs = Files.exists(Path.of("/sys/kernel/tracing/trace_pipe"))
                || Files.exists(Path.of("/sys/kernel/debug/tracing/trace_pipe"));
        checks.add(new Check("tracefs", tracefs, tracefs ? "trace_pipe readable" : "not mounted",
                "mount -t tracefs tracefs /sys/kernel/tracing", false));
        boolean lab = labStatus(checks);
        boolean required = checks.stream().filter(Check::required).allMatch(Check::ok);
        return new Report(System.getProperty("os.version"), checks, netkit, lab, required && (netkit || lab));
    }

    private static Check cap(long caps, int bit, String name, boolean required) {
        boolean ok = (caps & (1L << bit)) != 0;
        return new Check(name, ok, ok ? "effective" : "not effective", "run as root (sudo jnetkit …)", required);
    }

    /** CapEff from /proc/self/status; 0 when unreadable. */
    static long effectiveCapabilities() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    return Long.parseUnsignedLong(line.substring(7).trim(), 16);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    static boolean mounted(String target, String type) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
                String[] f = line.split(" ");
                if (f.length > 2 && f[1].equals(target) && f[2].equals(type)) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** Adds the kernel lab's own status lines (source checkout only) and says whether it can run. */
    private static boolean labStatus(List<Check> checks) {
        String home = System.getenv("JNETKIT_HOME");
        Path lab = home == null ? null : Path.of(home, "lab", "lab");
        if (lab == null || !Files.isExecutable(lab)) {
            checks.add(new Check("lab", false, "not available (the kernel lab ships with the source checkout)",
                    "run bin/jnetkit from a jnetkit checkout to use the lab", false));
            return false;
        }
        try {
            Process p = new ProcessBuilder(lab.toString(), "status").redirectErrorStream(true).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    String t = line.strip();
                    if (t.isEmpty()) continue;
                    boolean ok = t.startsWith("ok");
                    String rest = t.replaceFirst("^(ok|missing)\\s+", "");
                    String[] parts = rest.split(" — ", 2);
                    checks.add(new Check("lab", ok, parts[0], parts.length > 1 ? parts[1] : null, false));
                }
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            checks.add(new Check("lab", false, "cannot run " + lab + ": " + e.getMessage(), null, false));
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
