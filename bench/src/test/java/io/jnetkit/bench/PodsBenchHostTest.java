package io.jnetkit.bench;

import io.jnetkit.netns.NetNamespaces;
import io.jnetkit.pod.Datapath;
import io.jnetkit.pod.Pods;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.HostTest;
import io.jnetkit.testkit.PrivateBpffs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The jnetkit side of {@code bin/bench-pods} at 3 pods, with and without a policy, so that CI runs
 * its code path: both runs finish and leave no pod namespace and no pin behind. Times are not looked at.
 */
@HostTest
class PodsBenchHostTest {
    @RegisterExtension
    final FreshNetns node = new FreshNetns();
    @RegisterExtension
    final PrivateBpffs bpffs = new PrivateBpffs();

    @Test
    void threePodsUpAndDown() throws Exception {
        Pods pods = Pods.open();
        Pods.enableForwarding(node.get());
        String prefix = node.name().substring(0, Math.min(8, node.name().length())) + "p";
        for (boolean policy : new boolean[] {false, true}) {
            long[] t = PodsBench.run(pods, node.get(), 3, prefix, Datapath.VETH, policy);
            assertTrue(t[0] > 0 && t[1] > 0);
            assertEquals(List.of(), NetNamespaces.list().stream().filter(n -> n.startsWith(prefix)).toList());
            assertEquals(List.of(), bpffs.pins(), "policy " + policy);
        }
    }
}
