package io.jnetkit.bpf;

import io.jnetkit.testkit.NoBpfFdLeaks;
import io.jnetkit.testkit.HostTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The LINK_CREATE probes, judged against what the running kernel really has. */
@HostTest
class FeaturesHostTest {
    @RegisterExtension
    final NoBpfFdLeaks noLeaks = new NoBpfFdLeaks();

    /** netkit is there iff its xmit routine is in kallsyms (built in or loaded). */
    static boolean kernelHasNetkit() throws IOException {
        try (Stream<String> lines = Files.lines(Path.of("/proc/kallsyms"))) {
            return lines.anyMatch(l -> l.endsWith(" netkit_xmit") || l.contains(" netkit_xmit\t"));
        }
    }

    @Test
    void tcxIsSupported() {
        FeatureStatus s = Features.tcx();
        assertInstanceOf(FeatureStatus.Supported.class, s, s.message());
        assertEquals("tcx supported", s.message());
        s.require();
    }

    @Test
    void netkitMatchesKallsyms() throws IOException {
        FeatureStatus s = Features.netkit();
        if (kernelHasNetkit()) {
            assertInstanceOf(FeatureStatus.Supported.class, s, s.message());
        } else {
            FeatureStatus.Unsupported u = assertInstanceOf(FeatureStatus.Unsupported.class, s, s.message());
            assertEquals("6.7", u.minimumKernel());
            assertTrue(s.message().startsWith("netkit not supported (requires Linux ≥ 6.7)"), s.message());
            assertThrows(UnsupportedOperationException.class, s::require);
        }
    }

    @Test
    void featureProbeGivesTheSameAnswerAsAnExitCode() throws IOException {
        assertEquals(Features.netkit(), FeatureProbe.probe("netkit"));
        assertEquals(Features.tcx(), FeatureProbe.probe("TCX"));
        assertEquals(kernelHasNetkit() ? FeatureProbe.SUPPORTED : FeatureProbe.UNSUPPORTED,
                FeatureProbe.exitCode(FeatureProbe.probe("netkit")));
        assertEquals(FeatureProbe.UNAVAILABLE, FeatureProbe.exitCode(new FeatureStatus.Unavailable("netkit", "no CAP_BPF")));
        assertEquals("unknown feature \"xdp\": expected netkit or tcx",
                assertThrows(IllegalArgumentException.class, () -> FeatureProbe.probe("xdp")).getMessage());
    }
}
