package io.jnetkit.policy;

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

    /** Whether a packet of family {@code f} (IP4 or IP6) can match a rule of this family. */
    public boolean admits(Family f) {
        return this == ANY || this == f;
    }
}
