package io.jnetkit.cni;

import io.jnetkit.testkit.HostTest;

/** The plugin on this machine's kernel (no netkit): veth and tcx. */
@HostTest
class CniPluginHostTest extends CniScenarios {
    @Override
    boolean netkit() {
        return false;
    }
}
