package io.jnetkit.testkit;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code java} command that runs a main class of the code under test in a JVM of its own —
 * the CLI killed mid-command, the CNI plugin exec'd by a runtime — with this JVM's JDK and the
 * same code: from the module path when the tests run on it (Surefire), else from the class path
 * (the netkit tier's console launcher, whose own class loader holds it). Flags as bin/jnetkit's:
 * C1 only, the serial GC, no perf data; native access for io.jnetkit.abi, the one module that
 * makes a downcall.
 */
public final class JvmCommand {
    private JvmCommand() {}

    /** {@code java … MAIN}; append the program's arguments. */
    public static List<String> of(Class<?> main) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData"));
        String modulePath = System.getProperty("jdk.module.path");
        if (main.getModule().isNamed() && modulePath != null && !modulePath.isBlank()) {
            cmd.addAll(List.of("--enable-native-access=io.jnetkit.abi", "-p", modulePath,
                    "-m", main.getModule().getName() + "/" + main.getName()));
        } else {
            cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp", classPath(main), main.getName()));
        }
        return cmd;
    }

    /** A launcher script's body: {@code exec} of {@link #of} with the script's arguments, every word sh-quoted. */
    public static String execLine(Class<?> main) {
        StringBuilder sb = new StringBuilder("exec");
        for (String w : of(main)) sb.append(" '").append(w.replace("'", "'\\''")).append('\'');
        return sb.append(" \"$@\"\n").toString();
    }

    /** The class path {@code main} was loaded from: its URLClassLoader's, else the JVM's. */
    static String classPath(Class<?> main) {
        if (main.getClassLoader() instanceof URLClassLoader u) {
            List<String> parts = new ArrayList<>();
            for (URL url : u.getURLs()) {
                try {
                    parts.add(Path.of(url.toURI()).toString());
                } catch (URISyntaxException e) {
                    throw new IllegalStateException(e);
                }
            }
            return String.join(File.pathSeparator, parts);
        }
        return System.getProperty("java.class.path");
    }
}
