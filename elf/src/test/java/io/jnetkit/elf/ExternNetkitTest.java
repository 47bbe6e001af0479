package io.jnetkit.elf;

import io.jnetkit.testkit.NetkitTest;

/**
 * {@link ExternScenarios} in the lab's guests (6.12 and 7.3 today): Debian's kernels have
 * CONFIG_KALLSYMS_ALL (typed __ksym variables load) and kfuncs in modules; netkit itself is not
 * needed, the tier is where those kernels are.
 */
@NetkitTest
class ExternNetkitTest extends ExternScenarios {}
