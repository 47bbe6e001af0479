package io.jnetkit.cli.topology;

import io.jnetkit.testkit.HostTest;

/** {@link TopologyKillPointsScenarios} on veth, this machine: CI size. */
@HostTest
class TopologyKillPointsHostTest extends TopologyKillPointsScenarios {
    @Override
    String datapath() {
        return "veth";
    }

    @Override
    int pods() {
        return 8;
    }

    @Override
    int points() {
        return 3;
    }

    @Override
    int timed() {
        return 1;
    }
}
