package io.jnetkit.elf;

import io.jnetkit.testkit.NetkitTest;

/**
 * {@link CoreScenarios} in the netkit tier: the lab's stable and newest kernels (6.12 and 7.3
 * today), whose struct layouts differ from the build kernel's. Netkit itself is not needed; the
 * tier is where those kernels are.
 */
@NetkitTest
class CoreNetkitTest extends CoreScenarios {}
