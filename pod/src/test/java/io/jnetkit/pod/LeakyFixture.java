package io.jnetkit.pod;

import io.jnetkit.netns.NetNamespaces;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.HostTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Not a test of its own (its name matches no test pattern, and the build's host tier excludes the
 * tag {@code fixture}, so neither surefire nor bin/netkit-tier runs it): a kernel-tier test that
 * leaves a namespace behind on purpose, run by {@link NoKernelLeaksHostTest} through the JUnit
 * launcher to see the leak check fail it.
 */
@HostTest
@Tag("fixture")
class LeakyFixture {
    static volatile String leaked;

    @Test
    void leavesANamespace() {
        leaked = FreshNetns.uniqueName("jlk");
        NetNamespaces.add(leaked).close();
    }
}
