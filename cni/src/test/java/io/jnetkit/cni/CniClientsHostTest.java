package io.jnetkit.cni;

import io.jnetkit.testkit.HostTest;

/** libcni and podman against jnetkit-cni on this machine's kernel: veth and tcx. */
@HostTest
class CniClientsHostTest extends CniClientsScenarios {
}
