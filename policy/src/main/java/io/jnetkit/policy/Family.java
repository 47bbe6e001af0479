package io.jnetkit.policy;

import io.jnetkit.net.IpFamily;

/** The IP version a rule matches: {@code ip4}, {@code ip6}, or either ({@link #ANY}, not written). */
public enum Family {
    ANY(""),
    IP4("ip4"),
    IP6("ip6");

    private final String word;

    Family(String word) {
        this.word = word;
    }

    /** The keyword ({@code ""} for ANY). */
    public String word() {
        return word;
    }

    /** The rule family of an address family: IP4 for V4, IP6 for V6. */
    public static Family of(IpFamily f) {
        return f == IpFamily.V4 ? IP4 : IP6;
    }

    /** Whether a packet of family {@code f} (IP4 or IP6) can match a rule of this family. */
    public boolean admits(Family f) {
        return this == ANY || this == f;
    }
}
