package io.jnetkit.elf;

import io.jnetkit.testkit.HostTest;

/** {@link CoreScenarios} on the host kernel. */
@HostTest
class CoreHostTest extends CoreScenarios {}
