package io.jnetkit.cni;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Configs that the fuzzer (fuzz/: CniConfigFuzzTest) and its contract showed to escape with an
 * exception other than {@link CniException}: each is now the config's error (code 7) with a
 * message, or a decoding failure (the plugin's code 6).
 */
class NetConfFuzzFindingsTest {
    @SuppressWarnings("unchecked")
    private static CniException refused(String json) throws IOException {
        Map<String, Object> m = (Map<String, Object>) Json.parse(json.getBytes(StandardCharsets.UTF_8));
        return assertThrows(CniException.class, () -> NetConf.of(m));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // InvalidPathException escaped
            "{\"logFile\": \"/a\\u0000b\"}                                 | \"logFile\" \"/a\\0b\": not a path",
            "{\"stateDir\": \"/s\\u0000\"}                                 | \"stateDir\" \"/s\\0\": not a path",
            "{\"hooks\": {\"primary\": {\"object\": \"/a\\u0000.o\"}}}     | object \"/a\\0.o\": not a path",
            // IllegalArgumentException from the pod's program escaped
            "{\"hooks\": {\"peer\": {\"policy\": \"  \"}}}                 | \"policy\" is empty",
            // Jazzer's path traversal sanitizer: a relative path was read from the plugin's working directory
            "{\"hooks\": {\"peer\": {\"policy-file\": \"../jazzer-traversal\"}}} | \"../jazzer-traversal\" must be an absolute path",
            "{\"hooks\": {\"peer\": {\"object\": \"filter.o\"}}}               | \"filter.o\" must be an absolute path",
            // a device would be read forever
            "{\"hooks\": {\"peer\": {\"policy-file\": \"/dev/zero\"}}}     | read policy-file /dev/zero: not a regular file",
    })
    void refusedWithTheConfigsCode(String extra, String phrase) throws IOException {
        String json = "{\"cniVersion\": \"1.0.0\", \"name\": \"n\", \"type\": \"jnetkit\", " + extra.strip().substring(1);
        CniException e = refused(json);
        assertEquals(CniException.INVALID_CONFIG, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(phrase.strip()), e.getMessage());
    }

    /** 1e400 became Infinity, which is written back as the string "Infinity" (prevResult is echoed). */
    @org.junit.jupiter.api.Test
    void numberOutOfRangeIsNotJson() {
        IOException e = assertThrows(IOException.class,
                () -> Json.parse("{\"prevResult\": {\"x\": 1e400}}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("1e400 is out of range"), e.getMessage());
    }

    /** "\\udddd" (a lone surrogate) decoded to a string that UTF-8 output turns into '?'. */
    @org.junit.jupiter.api.Test
    void loneSurrogateIsNotJsonText() {
        IOException e = assertThrows(IOException.class,
                () -> Json.parse("{\"logFile\": \"/a\\udddd\"}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("unpaired surrogate \\udddd"), e.getMessage());
        assertEquals("/a\ud83d\ude00", assertDoesNotThrow(() -> ((Map<?, ?>) Json.parse(
                "{\"logFile\": \"/a\\ud83d\\ude00\"}".getBytes(StandardCharsets.UTF_8))).get("logFile")));
    }
}
