package io.jnetkit.topology;

import io.jnetkit.pod.Datapath;
import io.jnetkit.testkit.NetkitTest;

/** The engine's scenarios on netkit (the lab guest): datapath auto must choose it. */
@NetkitTest
class TopologyEngineNetkitTest extends TopologyEngineScenarios {
    @Override
    String datapath() {
        return "auto";
    }

    @Override
    Datapath expected() {
        return Datapath.NETKIT;
    }
}
