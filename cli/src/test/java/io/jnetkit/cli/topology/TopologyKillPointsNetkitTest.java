package io.jnetkit.cli.topology;

import io.jnetkit.testkit.NetkitTest;

/**
 * {@link TopologyKillPointsScenarios} on netkit, in the lab guest: smoke size (4 pods, one kill
 * at a drawn change, one killed down), since every step is a JVM start under emulation. What a
 * killed {@code up} leaves on netkit — a primary whose peer has no program yet, pinned netkit
 * links — must converge and come down like veth's.
 */
@NetkitTest
class TopologyKillPointsNetkitTest extends TopologyKillPointsScenarios {
    @Override
    String datapath() {
        return "netkit";
    }

    @Override
    int pods() {
        return 4;
    }

    @Override
    int points() {
        return 1;
    }

    @Override
    int timed() {
        return 0;
    }
}
