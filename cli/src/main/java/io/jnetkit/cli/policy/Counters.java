package io.jnetkit.cli.policy;

import io.jnetkit.bpf.BpfMap;
import io.jnetkit.policy.Policy;
import io.jnetkit.policy.RuleStats;

import java.util.ArrayList;
import java.util.List;

/**
 * A policy's counters read from its (pinned) {@code jnk_counters} map by any process
 * ({@link RuleStats#read}), as rows that say which rules count: only {@code count} rules and a
 * {@code count default} have counters; the others show none.
 */
final class Counters {
    private Counters() {}

    static List<PolicyStats.Row> read(Policy policy, BpfMap map) {
        List<RuleStats> stats = RuleStats.read(policy, map);
        List<PolicyStats.Row> rows = new ArrayList<>(stats.size());
        int n = policy.rules().size();
        for (RuleStats s : stats) {
            boolean isDefault = s.index() == n;
            boolean counted = isDefault ? policy.countDefault() : policy.rules().get(s.index()).count();
            rows.add(new PolicyStats.Row(isDefault ? null : s.index() + 1, s.rule(), counted,
                    counted ? s.packets() : null, counted ? s.bytes() : null));
        }
        return rows;
    }
}
