package io.jnetkit.cli.policy;

import io.jnetkit.policy.Policy;
import io.jnetkit.policy.RuleStats;

import java.util.ArrayList;
import java.util.List;

/**
 * A policy's counters (read by the library's policy store from the program the hook runs) as rows that say which rules count: only {@code count} rules and a
 * {@code count default} have counters; the others show none.
 */
final class Counters {
    private Counters() {}

    static List<PolicyStats.Row> rows(Policy policy, List<RuleStats> stats) {
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
