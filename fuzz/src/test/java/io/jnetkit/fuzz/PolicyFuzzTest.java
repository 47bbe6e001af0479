package io.jnetkit.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jnetkit.policy.Policy;
import io.jnetkit.policy.PolicyCompiler;
import io.jnetkit.policy.PolicyException;

import java.nio.charset.StandardCharsets;

/**
 * The policy language ({@code jnetkit policy apply FILE}, a topology's {@code policy:}, a CNI
 * config's {@code policy}): any text either parses, or fails with {@link PolicyException}. A text
 * that parses also prints and compiles: its printed form parses back to the same policy, and the
 * compiler either produces a program or refuses with {@link PolicyException}.
 */
class PolicyFuzzTest {
    @FuzzTest(maxDuration = "3s")
    @DictionaryEntries({"count", "allow", "deny", "default", "ip4", "ip6", "tcp", "udp", "icmp", "icmpv6", "any", "src", "dst", "sport", "dport", "flags", "fin", "syn", "rst", "psh", "ack", "urg", "ece", "cwr", "!", ",", ";", "#", "/", "-", "::", "65535", "fd00::/8", "0.0.0.0/0"})
    void policyText(FuzzedDataProvider data) {
        String text = new String(data.consumeRemainingAsBytes(), StandardCharsets.UTF_8);
        Policy p;
        try {
            p = Policy.parse(text);
        } catch (PolicyException expected) {
            return;
        }
        Policy again = Policy.parse(p.toString());
        if (!again.equals(p)) {
            throw new AssertionError("printed policy parses to another policy:\n" + p + "\n---\n" + again);
        }
        p.warnings();
        try {
            PolicyCompiler.compile(p);
        } catch (PolicyException refused) {
            // e.g. a program too large for the verifier: refused up front is fine
        }
    }
}
