package io.jnetkit.topology;

import io.jnetkit.pod.Datapath;
import io.jnetkit.testkit.HostTest;

/** The engine's scenarios on veth, the datapath this machine's kernel (no netkit) has. */
@HostTest
class TopologyEngineHostTest extends TopologyEngineScenarios {
    @Override
    String datapath() {
        return "veth";
    }

    @Override
    Datapath expected() {
        return Datapath.VETH;
    }
}
