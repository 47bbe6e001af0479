package io.jnetkit.pod;

import io.jnetkit.testkit.NetkitTest;

/** {@link PodFaultScenarios} on netkit: pinned netkit links whose device was deleted. */
@NetkitTest
class PodFaultsNetkitTest extends PodFaultScenarios {
    @Override
    Datapath datapath() {
        return Datapath.NETKIT;
    }
}
