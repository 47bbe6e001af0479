package io.jnetkit.topology;

import io.jnetkit.pod.Datapath;
import io.jnetkit.testkit.HostTest;

/** 100 veth pods from one file on this machine's kernel (no netkit): the "the same with 100 pods". */
@HostTest
class TopologyScaleHostTest extends TopologyScaleScenarios {
    @Override
    String datapath() {
        return "veth";
    }

    @Override
    Datapath expected() {
        return Datapath.VETH;
    }

    @Override
    int pods() {
        return 100;
    }
}
