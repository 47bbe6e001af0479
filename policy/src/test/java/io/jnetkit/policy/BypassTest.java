package io.jnetkit.policy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The bypass table ({@link BypassCases}) through the model. */
class BypassTest {
    static List<BypassCases.Case> cases() {
        return BypassCases.all();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void modelGivesTheDocumentedVerdict(BypassCases.Case c) {
        Policy p = Policy.parse(c.policy());
        assertEquals(c.verdict(), p.decide(c.frame()).verdict(), c + ": " + PacketView.of(c.frame()));
    }
}
