package io.jnetkit.cni;

import java.util.List;

/**
 * The CNI spec versions jnetkit speaks. A config's {@code cniVersion} picks the shape of the result
 * (0.4.0 puts {@code "version": "4"} in each IP; 1.0.0 dropped it) and of errors. Debian's
 * reference plugins and podman 4.3 speak 1.0.0; containerd 1.6 sends 1.0.0 or older; STATUS and
 * GC are 1.1.0's.
 */
final class CniVersion {
    private CniVersion() {}

    static final List<String> SUPPORTED = List.of("0.4.0", "1.0.0", "1.1.0");
    static final String NEWEST = "1.1.0";

    /** Code 1 when {@code v} is not one jnetkit speaks. */
    static void require(String v) {
        if (!SUPPORTED.contains(v)) {
            throw new CniException(CniException.INCOMPATIBLE_VERSION, "incompatible CNI version " + v
                    + ": jnetkit speaks " + String.join(", ", SUPPORTED), null);
        }
    }

    /** Whether {@code v} is 1.0.0 or later (no per-IP "version"). */
    static boolean atLeast1(String v) {
        return !v.startsWith("0.");
    }

    /** Whether {@code v} has STATUS and GC. */
    static boolean atLeast11(String v) {
        return v.equals("1.1.0");
    }
}
