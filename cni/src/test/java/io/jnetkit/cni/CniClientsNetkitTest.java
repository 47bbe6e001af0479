package io.jnetkit.cni;

import io.jnetkit.testkit.NetkitTest;

/** libcni and podman against jnetkit-cni in the lab guest: netkit. */
@NetkitTest
class CniClientsNetkitTest extends CniClientsScenarios {
}
