package io.jnetkit.topology;

import io.jnetkit.pod.Datapath;
import io.jnetkit.testkit.NetkitTest;

/**
 * The scale scenario on netkit in the lab guest, with 20 pods: the guest is emulated (TCG) and the
 * netkit tier runs every test in one boot, so the 100-pod run stays on the host tier.
 */
@NetkitTest
class TopologyScaleNetkitTest extends TopologyScaleScenarios {
    @Override
    String datapath() {
        return "auto";
    }

    @Override
    Datapath expected() {
        return Datapath.NETKIT;
    }

    @Override
    int pods() {
        return 20;
    }
}
