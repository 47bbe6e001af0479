package io.jnetkit.cli.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the demo in the kernel lab guest when this kernel has no netkit:
 * {@code $JNETKIT_HOME/lab/lab run -- java -p <these jars> -m io.jnetkit.cli/… demo ARGS…}, its output streamed
 * through this command's writers, its exit code returned. The child gets
 * {@value #IN_LAB_ENV}=1 (the lab passes {@code JNETKIT_*} through) so that a guest without
 * netkit fails instead of handing over again.
 */
final class LabHandoff {
    static final String IN_LAB_ENV = "JNETKIT_DEMO_IN_LAB";
    /** The one module that makes FFM downcalls, so the one that needs native access. */
    static final String NATIVE_MODULE = "io.jnetkit.abi";
    static final String MAIN = "io.jnetkit.cli/io.jnetkit.cli.Main";

    private LabHandoff() {}

    /** The lab launcher under {@code home}, if there is one. */
    static Optional<Path> lab(String home) {
        if (home == null || home.isBlank()) return Optional.empty();
        Path lab = Path.of(home, "lab", "lab");
        return Files.isExecutable(lab) ? Optional.of(lab) : Optional.empty();
    }

    /** Whether this process is already the demo inside the lab guest. */
    static boolean inLab(Map<String, String> env) {
        return "1".equals(env.get(IN_LAB_ENV));
    }

    /**
     * The command line that runs {@code jnetkit demo args} in the guest. When this process runs
     * from built jars, the guest runs those same jars the same way with this same JDK (the guest
     * shares the filesystem): {@code bin/jnetkit}'s staleness check would otherwise rebuild the
     * jars inside the emulated guest (minutes) whenever a source file is newer, and replace the
     * jars this process is still running from. From classes (tests), {@code $JNETKIT_HOME/bin/jnetkit}.
     *
     * @param javaArgs the {@code java} arguments that start this CLI ({@link #runningLaunch}),
     *                 or empty for {@code bin/jnetkit}
     */
    static List<String> command(String home, List<String> javaArgs, String javaHome, List<String> demoArgs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(home, "lab", "lab").toString());
        cmd.add("run");
        cmd.add("--");
        if (!javaArgs.isEmpty()) {
            cmd.add(Path.of(javaHome, "bin", "java").toString());
            cmd.addAll(javaArgs);
        } else {
            cmd.add(Path.of(home, "bin", "jnetkit").toString());
        }
        cmd.addAll(demoArgs);
        return cmd;
    }

    /** The {@code java} arguments that start the CLI from {@code modulePath} (as {@code bin/jnetkit} does). */
    static List<String> moduleLaunch(String modulePath) {
        return List.of("--enable-native-access=" + NATIVE_MODULE, "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-p", modulePath, "-m", MAIN);
    }

    /** The {@code java} arguments that start the CLI from the single shaded jar, on the class path. */
    static List<String> jarLaunch(Path jar) {
        return List.of("--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-jar", jar.toString());
    }

    /**
     * How this process was started, as {@code java} arguments that start it again: from the module
     * path ({@code bin/jnetkit}), from the shaded jar, or empty when it runs from classes (tests).
     */
    static List<String> runningLaunch() {
        String modulePath = System.getProperty("jdk.module.path");
        if (LabHandoff.class.getModule().isNamed() && modulePath != null && !modulePath.isBlank()) {
            return moduleLaunch(modulePath);
        }
        return runningJar().map(LabHandoff::jarLaunch).orElse(List.of());
    }

    /** The jar this class was loaded from, if it was loaded from a jar. */
    static Optional<Path> runningJar() {
        try {
            var src = LabHandoff.class.getProtectionDomain().getCodeSource();
            if (src == null) return Optional.empty();
            Path p = Path.of(src.getLocation().toURI());
            return Files.isRegularFile(p) && p.toString().endsWith(".jar") ? Optional.of(p) : Optional.empty();
        } catch (java.net.URISyntaxException | IllegalArgumentException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** Runs {@code cmd}, copying its stdout to {@code out} and stderr to {@code err} line by line; returns its exit code. */
    static int run(List<String> cmd, PrintWriter out, PrintWriter err) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put(IN_LAB_ENV, "1");
        Process p = pb.start();
        Thread o = pump(p.getInputStream(), out);
        Thread e = pump(p.getErrorStream(), err);
        try {
            int code = p.waitFor();
            o.join();
            e.join();
            return code;
        } catch (InterruptedException ie) {
            p.destroy();   // SIGTERM: the launcher removes its guest and temp dir on it
            throw ie;
        }
    }

    private static Thread pump(InputStream in, PrintWriter to) {
        return Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (to) {
                        to.println(line);
                        to.flush();
                    }
                }
            } catch (IOException ignored) {
                // the child is gone
            }
        });
    }
}
