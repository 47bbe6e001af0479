package io.jnetkit.elf;

import io.jnetkit.testkit.HostTest;

/** {@link ExternScenarios} on the host kernel. */
@HostTest
class ExternHostTest extends ExternScenarios {}
