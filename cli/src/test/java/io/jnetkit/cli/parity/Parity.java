package io.jnetkit.cli.parity;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * Compares a reference tool's JSON (ip -j, bpftool -j) with jnetkit's, key by key: the same keys
 * in the same order with the same values, except where a {@link Difference} allows it. The
 * deliberate differences are listed where they are used, so the list is the documentation.
 */
public final class Parity {
    private Parity() {}

    /** A path pattern ({@code [*]} any index, {@code *} any key) and what may differ there. */
    public record Difference(String path, String why, BiPredicate<Object, Object> allowed) {
        /** jnetkit leaves the key out (ip has it). */
        public static Difference omitted(String path, String why) {
            return new Difference(path, why, (ip, ours) -> ours == MISSING);
        }

        /** Numbers that may move between the two reads (counters, lifetimes), within {@code slack}. */
        public static Difference within(String path, long slack, String why) {
            return new Difference(path, why, (ip, ours) -> ip instanceof BigDecimal a && ours instanceof BigDecimal b
                    && a.subtract(b).abs().compareTo(BigDecimal.valueOf(slack)) <= 0);
        }
    }

    /** Stands for an absent key in {@link Difference#allowed()}. */
    public static final Object MISSING = new Object() {
        @Override
        public String toString() { return "(absent)"; }
    };

    /** Every difference between {@code ip} and {@code ours} not allowed by {@code allowed}; empty when they agree. */
    public static List<String> differences(Object ip, Object ours, List<Difference> allowed) {
        List<String> out = new ArrayList<>();
        compare("", ip, ours, allowed, out);
        return out;
    }

    private static void compare(String path, Object ip, Object ours, List<Difference> allowed, List<String> out) {
        if (allowedAt(path, ip, ours, allowed)) return;
        if (ip instanceof Map<?, ?> a && ours instanceof Map<?, ?> b) {
            List<String> ka = new ArrayList<>();
            a.keySet().forEach(k -> ka.add((String) k));
            for (String k : ka) {
                String p = path.isEmpty() ? k : path + "." + k;
                compare(p, a.get(k), b.containsKey(k) ? b.get(k) : MISSING, allowed, out);
            }
            for (Object k : b.keySet()) {
                if (!a.containsKey(k)) {
                    String p = path.isEmpty() ? (String) k : path + "." + k;
                    if (!allowedAt(p, MISSING, b.get(k), allowed)) out.add(p + ": only jnetkit has it: " + b.get(k));
                }
            }
            // the same order of the keys both have
            List<Object> order = new ArrayList<>(a.keySet());
            order.retainAll(b.keySet());
            List<Object> ourOrder = new ArrayList<>(b.keySet());
            ourOrder.retainAll(a.keySet());
            if (!order.equals(ourOrder)) out.add(path + ": key order " + ourOrder + ", ip has " + order);
            return;
        }
        if (ip instanceof List<?> a && ours instanceof List<?> b) {
            if (a.size() != b.size()) {
                out.add(path + ": " + b.size() + " entries, the reference has " + a.size() + "\n  ref:     " + a + "\n  jnetkit: " + b);
                return;
            }
            for (int i = 0; i < a.size(); i++) compare(path + "[" + i + "]", a.get(i), b.get(i), allowed, out);
            return;
        }
        boolean same = ip instanceof BigDecimal x && ours instanceof BigDecimal y ? x.compareTo(y) == 0
                : java.util.Objects.equals(ip, ours);
        if (!same) out.add(path + ": jnetkit " + ours + ", the reference " + ip);
    }

    private static boolean allowedAt(String path, Object ip, Object ours, List<Difference> allowed) {
        String generic = path.replaceAll("\\[\\d+]", "[*]");
        for (Difference d : allowed) {
            if (matches(d.path(), generic) && d.allowed().test(ip, ours)) return true;
        }
        return false;
    }

    private static boolean matches(String pattern, String path) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            if (pattern.startsWith("[*]", i)) {
                regex.append("\\[\\*]");
                i += 2;
            } else if (pattern.charAt(i) == '*') {
                regex.append("[^.\\[]+");
            } else {
                regex.append(java.util.regex.Pattern.quote(String.valueOf(pattern.charAt(i))));
            }
        }
        return path.matches(regex.toString());
    }

    /** iproute2 to compare with: $JNETKIT_IPROUTE2 (bin/test sets it to the lab's 6.15), else the lab's, else ip. */
    public static String ip() {
        return tool("JNETKIT_IPROUTE2", "ip");
    }

    /** bpftool to compare with: $JNETKIT_BPFTOOL (bin/test sets it to the lab's 7.5), else the lab's, else bpftool. */
    public static String bpftool() {
        return tool("JNETKIT_BPFTOOL", "bpftool");
    }

    private static String tool(String env, String name) {
        String v = System.getenv(env);
        if (v != null && !v.isBlank()) return v;
        for (Path lab = Path.of("").toAbsolutePath(); lab != null; lab = lab.getParent()) {
            Path script = lab.resolve("lab/lab");
            if (Files.isExecutable(script)) {
                try {
                    String p = run(List.of(script.toString(), "tool", name)).strip();
                    if (!p.isEmpty() && Files.isExecutable(Path.of(p))) return p;
                } catch (AssertionError e) {
                    break;  // no cache: the system's
                }
                break;
            }
        }
        return name;
    }

    /** Runs a command and returns its stdout; an AssertionError with its output when it fails. */
    public static String run(List<String> cmd) {
        return run(cmd, 0);
    }

    /**
     * {@link #run(List)} taking {@code alsoOk} as a success exit too: bpftool 7.5's {@code link show
     * id N} prints the link and exits 255.
     */
    public static String run(List<String> cmd, int alsoOk) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
            byte[] err;
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            err = p.getErrorStream().readAllBytes();
            int rc = p.waitFor();
            if (rc != 0 && !(rc == alsoOk && err.length == 0 && !out.isEmpty())) {
                throw new AssertionError(String.join(" ", cmd) + " exited " + rc + ": " + out.strip() + " "
                        + new String(err, StandardCharsets.UTF_8).strip());
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError(String.join(" ", cmd) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
