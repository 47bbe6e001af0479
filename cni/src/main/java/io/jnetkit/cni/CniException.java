package io.jnetkit.cni;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A CNI error: what the plugin prints on stdout as the spec's error object
 * ({@code {"cniVersion", "code", "msg", "details"}}) before it exits non-zero. The code is one of
 * the spec's well-known ones (1-11 and, from 1.1, 50-51) or, for jnetkit's own, 100 and up.
 */
public final class CniException extends RuntimeException {
    /** The spec's well-known codes. */
    public static final int INCOMPATIBLE_VERSION = 1, UNSUPPORTED_FIELD = 2, UNKNOWN_CONTAINER = 3,
            INVALID_ENVIRONMENT = 4, IO_FAILURE = 5, DECODE_FAILURE = 6, INVALID_CONFIG = 7, TRY_AGAIN_LATER = 11,
            PLUGIN_NOT_AVAILABLE = 50, PLUGIN_NOT_AVAILABLE_LIMITED = 51;
    /** jnetkit's codes: the kernel refused (its errno and words in msg/details). */
    public static final int KERNEL_REFUSED = 100;
    /** CHECK found the container's wiring not as ADD left it. */
    public static final int CHECK_FAILED = 101;
    /** The delegated IPAM plugin failed; its own code and message are in the message. */
    public static final int IPAM_FAILED = 102;

    private final int code;
    private final String details;

    public CniException(int code, String msg, String details) {
        super(msg);
        this.code = code;
        this.details = details;
    }

    public CniException(int code, String msg, String details, Throwable cause) {
        super(msg, cause);
        this.code = code;
        this.details = details;
    }

    static CniException invalidConfig(String msg) {
        return new CniException(INVALID_CONFIG, msg, null);
    }

    public int code() {
        return code;
    }

    /** Longer text: the verifier's log, the drift found, the delegate's output; may be null. */
    public String details() {
        return details;
    }

    /** The spec's error object, in {@code cniVersion}. */
    public Map<String, Object> toJson(String cniVersion) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cniVersion", cniVersion);
        m.put("code", code);
        m.put("msg", getMessage());
        if (details != null && !details.isEmpty()) m.put("details", details);
        return m;
    }
}
