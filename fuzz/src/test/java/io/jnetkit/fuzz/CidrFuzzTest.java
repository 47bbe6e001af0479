package io.jnetkit.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jnetkit.net.Cidr;

/**
 * Addresses and prefixes as policies, topology files, CNI configs and IPAM results write them
 * ({@code 10.0.0.0/8}, {@code fd00::1}): any text either parses, or fails with an
 * {@link IllegalArgumentException} whose message starts with "invalid" (not a
 * {@code NumberFormatException} or a name lookup); what parses prints back to the same value.
 */
class CidrFuzzTest {
    @FuzzTest(maxDuration = "3s")
    @DictionaryEntries({"::", "::ffff:", "/", "/32", "/128", "255", "0x", "%eth0", "[", "]", ".", "1.2.3.4"})
    void cidr(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        Cidr c;
        try {
            c = Cidr.parse(text);
        } catch (IllegalArgumentException e) {
            if (e.getClass() != IllegalArgumentException.class || !e.getMessage().startsWith("invalid")) {
                throw new AssertionError("not a clean refusal of \"" + text + "\": " + e, e);
            }
            return;
        }
        Cidr again = Cidr.parse(c.toString());
        if (!again.equals(c)) {
            throw new AssertionError("\"" + text + "\" prints as " + c + ", which parses to " + again);
        }
        c.network();
        c.contains(c);
    }
}
