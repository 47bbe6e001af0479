package io.jnetkit.cni;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.util.Map;

/**
 * CNI network configs as a runtime streams them on stdin: bytes are decoded as the plugin
 * decodes them ({@link Json#parse}: one JSON value, no duplicate keys) and checked
 * ({@link NetConf#of}). A decoding failure is an {@link IOException} (the plugin answers code
 * 6); a config jnetkit cannot use is a {@link CniException}; nothing else may escape. A
 * decoded value also writes back to JSON that decodes to the same value.
 *
 * <p>Package {@code io.jnetkit.cni}: the decoder is package-private (class path, same package).
 * Nothing here touches the kernel or writes a file: {@code NetConf.of} only reads (a
 * {@code policy-file}) and checks that an {@code object} is readable.
 */
class CniConfigFuzzTest {
    @FuzzTest(maxDuration = "3s")
    @DictionaryEntries({"\"cniVersion\"", "\"name\"", "\"type\"", "\"ipam\"", "\"dns\"", "\"args\"", "\"prevResult\"", "\"runtimeConfig\"", "\"capabilities\"", "\"cni.dev/valid-attachments\"", "\"datapath\"", "\"mode\"", "\"hooks\"", "\"hostDevicePrefix\"", "\"logFile\"", "\"stateDir\"", "\"peer\"", "\"primary\"", "\"policy\"", "\"policy-file\"", "\"object\"", "\"program\"", "\"1.0.0\"", "\"1.1.0\"", "\"0.4.0\"", "\"netkit\"", "\"veth\"", "\"l2\"", "\"host-local\"", "\\u0000", "1e999", "-0.0", "null", "true"})
    @SuppressWarnings("unchecked")
    void netConf(FuzzedDataProvider data) {
        byte[] stdin = data.consumeRemainingAsBytes();
        Object decoded;
        try {
            decoded = Json.parse(stdin);
        } catch (IOException notJson) {
            return;
        }
        String written = Json.write(decoded);
        Object again;
        try {
            again = Json.parse(written.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("written JSON does not decode: " + written, e);
        }
        if (!java.util.Objects.equals(again, decoded)) {
            throw new AssertionError("JSON changed on a round trip: " + decoded + " -> " + again);
        }
        if (!(decoded instanceof Map<?, ?> m)) return;
        try {
            NetConf c = NetConf.of((Map<String, Object>) m);
            c.toString();
        } catch (CniException refused) {
            Json.write(refused.toJson(CniVersion.NEWEST)); // the answer the runtime gets
        }
    }
}
