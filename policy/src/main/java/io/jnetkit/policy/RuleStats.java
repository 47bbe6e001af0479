package io.jnetkit.policy;

import io.jnetkit.bpf.BpfMap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One counter of a loaded policy.
 *
 * @param index   the rule's index from 0; {@code rules.size()} for the default
 * @param rule    the rule's canonical text, or e.g. {@code default deny}
 * @param packets packets matched (0 for a rule without {@code count})
 * @param bytes   their bytes, from the Ethernet header
 */
public record RuleStats(int index, String rule, long packets, long bytes) {
    /** Bytes of one counters value: u64 packets, u64 bytes. */
    public static final int VALUE_SIZE = 16;

    /** Whether this is the default's counter. */
    public boolean isDefault() {
        return rule.startsWith("default") || rule.startsWith("count default");
    }

    /**
     * Reads the counters of {@code policy} from a {@code jnk_counters} map (one entry per rule,
     * then the default), e.g. one found through an attached program's map ids.
     */
    public static List<RuleStats> read(Policy policy, BpfMap counters) {
        int n = policy.rules().size();
        if (counters.maxEntries() < n + 1 || counters.valueSize() != VALUE_SIZE || counters.keySize() != 4) {
            throw new IllegalArgumentException(counters + " is not the counters map of this policy (want "
                    + (n + 1) + " entries of " + VALUE_SIZE + " bytes, it has " + counters.maxEntries() + " of "
                    + counters.valueSize() + ")");
        }
        List<RuleStats> out = new ArrayList<>(n + 1);
        for (int i = 0; i <= n; i++) {
            byte[] key = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(i).array();
            byte[] v = counters.lookup(key).orElse(new byte[VALUE_SIZE]);
            ByteBuffer b = ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN);
            String text = i < n ? policy.rules().get(i).toString() : policy.defaultText();
            out.add(new RuleStats(i, text, b.getLong(0), b.getLong(8)));
        }
        return List.copyOf(out);
    }
}
