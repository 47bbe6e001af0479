package io.jnetkit.policy;

/**
 * What a matching rule (or the default) does with a packet.
 *
 * <p>The compiled program returns {@link #verdict()}: {@code allow} is {@code TCX_NEXT} /
 * {@code NETKIT_NEXT} (-1) — "no objection", so programs attached after the policy still run,
 * and when the policy is the last program the packet passes (netkit and tcx both treat NEXT
 * from the last program as pass); {@code deny} is {@code DROP} (2).
 */
public enum Action {
    ALLOW(-1),
    DENY(2);

    private final int verdict;

    Action(int verdict) {
        this.verdict = verdict;
    }

    /** The program's return value: -1 (NEXT) for allow, 2 (DROP) for deny. */
    public int verdict() {
        return verdict;
    }

    /** The keyword: {@code allow} or {@code deny}. */
    public String word() {
        return this == ALLOW ? "allow" : "deny";
    }
}
