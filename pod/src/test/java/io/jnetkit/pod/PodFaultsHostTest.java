package io.jnetkit.pod;

import io.jnetkit.testkit.HostTest;

/** {@link PodFaultScenarios} on veth, with the programs on tcx of the host end. */
@HostTest
class PodFaultsHostTest extends PodFaultScenarios {
    @Override
    Datapath datapath() {
        return Datapath.VETH;
    }
}
