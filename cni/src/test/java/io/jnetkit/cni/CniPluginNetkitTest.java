package io.jnetkit.cni;

import io.jnetkit.testkit.NetkitTest;

/** The plugin in the lab guest: netkit, L3. */
@NetkitTest
class CniPluginNetkitTest extends CniScenarios {
    @Override
    boolean netkit() {
        return true;
    }
}
