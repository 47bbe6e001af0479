package io.jnetkit.cni;

import io.jnetkit.testkit.HostTest;
import org.junit.jupiter.api.Test;

/** libcni and podman against jnetkit-cni on this machine's kernel: veth and tcx. */
@HostTest
class CniClientsHostTest extends CniClientsScenarios {
    /**
     * libcni with the plugin as a JVM per call, no server: the path a node without
     * {@code jnetkit cni serve} takes. Host only: under the lab guest's emulation a JVM start
     * takes seconds, and the server path is what the guest proves.
     */
    @Test
    void libcniJvmPerCall() throws Exception {
        leavesNothing("libcni, a JVM per call", () -> smoke("cni-client-smoke", jvmBin, "", "-n", "3", "--serial"));
    }
}
