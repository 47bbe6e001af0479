package io.jnetkit.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's complete library program ("As a Maven dependency"), taken from the README as a
 * user would copy it and compiled against the library's modules, the ones this test runs on.
 */
final class ReadmeProgram {
    private ReadmeProgram() {}

    static final String MODULES = "io.jnetkit.pod,io.jnetkit.hooks,io.jnetkit.policy,io.jnetkit.netns";

    /** The program's source: the README's java block that declares {@code public class PodPolicy}. */
    static String source() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher m = Pattern.compile("(?s)```java\\n(import [^`]*?public class PodPolicy .*?)```").matcher(readme);
        assertTrue(m.find(), "README has no complete program (public class PodPolicy)");
        return m.group(1);
    }

    /** Compiles it into {@code dir}; returns the class directory. */
    static Path compile(Path dir) throws IOException {
        Path src = dir.resolve("PodPolicy.java");
        Files.writeString(src, source());
        Path classes = Files.createDirectories(dir.resolve("classes"));
        // javac as a user runs it (the tests' module does not read java.compiler)
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "javac").toString(),
                "-Xlint:all", "-Werror", "--module-path", modulePath(), "--add-modules", MODULES,
                "-d", classes.toString(), src.toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "javac did not end");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertEquals(0, p.exitValue(), out);
        return classes;
    }

    static String modulePath() {
        String mp = System.getProperty("jdk.module.path");
        assertTrue(mp != null && !mp.isBlank(), "the tests run on the module path");
        return mp;
    }

    /** {@code java … PodPolicy ARGS}, on the library's modules, as the README says to run it. */
    static List<String> command(Path classes, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=io.jnetkit.abi", "-p", modulePath(), "--add-modules", MODULES,
                "-cp", classes.toString(), "PodPolicy"));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
