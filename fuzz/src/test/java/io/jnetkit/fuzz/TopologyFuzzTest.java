package io.jnetkit.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jnetkit.topology.Topology;
import io.jnetkit.topology.TopologyException;
import io.jnetkit.topology.TopologyGraph;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Topology files ({@code jnetkit up -f FILE}): any text either plans into a topology, or fails
 * with {@link TopologyException} (file:line:col). A topology that plans also draws
 * ({@code jnetkit graph}). The file "lives" in an empty directory, so relative policy and object
 * paths name nothing; nothing is touched in the kernel (planning is kernel-free).
 */
class TopologyFuzzTest {
    private static Path file;

    @BeforeAll
    static void emptyDirectory() {
        try {
            Path dir = Files.createTempDirectory("jnetkit-fuzz-topology");
            dir.toFile().deleteOnExit();
            file = dir.resolve("fuzz.yaml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "3s")
    @DictionaryEntries({"name:", "defaults:", "nodes:", "links:", "link-cidr:", "pods:", "pod-cidr:", "node:", "addresses:", "pool:", "datapath:", "mode:", "scrub:", "peer-scrub:", "headroom:", "tailroom:", "hooks:", "peer:", "primary:", "policy:", "policy-file:", "object:", "program:", "host-device:", "pod-device:", "netkit", "veth", "auto", "l2", "l3", "none", "default", "&a", "*a", "!!binary", "---", "- ", "[", "]", "{", "}", "\\0", "/dev/zero", "fd00::/64", "10.0.0.0/24"})
    void topologyYaml(FuzzedDataProvider data) {
        String text = new String(data.consumeRemainingAsBytes(), StandardCharsets.UTF_8);
        Topology t;
        try {
            t = Topology.parse(text, file.toString());
        } catch (TopologyException expected) {
            return;
        }
        TopologyGraph.dot(t).length();
        t.namespaces();
        t.routes();
    }
}
