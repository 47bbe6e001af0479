package io.jnetkit.pod;

import io.jnetkit.bpf.AttachType;
import io.jnetkit.bpf.BpfMap;
import io.jnetkit.bpf.BpfObjects;
import io.jnetkit.bpf.Bytecode;
import io.jnetkit.bpf.MapSpec;
import io.jnetkit.bpf.MapType;
import io.jnetkit.bpf.Program;
import io.jnetkit.bpf.ProgramSpec;
import io.jnetkit.netns.NetNamespaces;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.HostTest;
import io.jnetkit.testkit.NoKernelLeaks;
import io.jnetkit.testkit.PrivateBpffs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The leak check itself ({@link NoKernelLeaks}, on every kernel-tier test): each way a test can
 * leave a kernel object behind is done here on purpose inside a watch, and the watch must name
 * the object (and once through JUnit itself: {@link LeakyFixture}, a test that leaks, must fail); objects that are not the test's (made before it, or with names it was not given:
 * another process') must not be named. Watches attribute as on a shared machine
 * ({@link NoKernelLeaks.Scope#beginShared()}), the harder case. The test cleans up what the
 * watch does not, so that the extension's own check on this class passes.
 */
@HostTest
class NoKernelLeaksHostTest {
    @RegisterExtension
    final PrivateBpffs bpffs = new PrivateBpffs();

    /** The leaks here are on purpose: no need to wait the full grace for the kernel to free them. */
    private static final java.time.Duration GRACE = java.time.Duration.ofSeconds(1);

    private static Program load(String name) {
        return Program.load(ProgramSpec.schedCls(name, AttachType.TCX_INGRESS, Bytecode.of(
                Bytecode.encode(0xb7, 0, 0, 0, 0), Bytecode.encode(0x95, 0, 0, 0, 0))));
    }

    @Test
    void aNamespaceCarryingTheTestsNameIsNamedAndRemovedOthersAreNot() {
        String other = "jlo" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36); // not claimed: another process'
        NoKernelLeaks.Scope watch = NoKernelLeaks.Scope.beginShared();
        String mine = FreshNetns.uniqueName("jlk");
        NetNamespaces.add(mine).close();
        NetNamespaces.add(other).close();
        try {
            watch.sample();
            List<String> left = watch.end(GRACE);
            assertEquals(List.of("netns " + mine + " (carries the test's name " + mine + ")"), left);
            assertFalse(NetNamespaces.exists(mine), "the check removes what it names");
        } finally {
            if (NetNamespaces.exists(mine)) NetNamespaces.delete(mine);
            NetNamespaces.delete(other);
        }
    }

    @Test
    void aPinOnTheHostsBpffsAndTheMapBehindItAreNamed() throws Exception {
        NoKernelLeaks.Scope watch = NoKernelLeaks.Scope.beginShared();
        Path dir = Path.of("/sys/fs/bpf", FreshNetns.uniqueName("jlk"));
        Path pin = dir.resolve("m");
        int id;
        Files.createDirectories(dir);
        try (BpfMap m = BpfMap.create(MapSpec.of("jnk_leak", MapType.ARRAY, 4, 4, 1))) {
            m.pin(pin);
            id = m.id();
        }
        try {
            watch.sample();
            List<String> left = watch.end(GRACE);
            assertEquals(List.of("pin " + pin, "map " + id + " name jnk_leak (ARRAY)"), left);
            assertFalse(Files.exists(pin), "the check removes the pin");
        } finally {
            try {
                Files.deleteIfExists(pin);
                Files.deleteIfExists(dir);
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
        assertFalse(BpfObjects.mapIds().contains(id), "the map went with its pin");
    }

    @Test
    void aProgramPinnedInThePrivateBpffsOutlivingItIsNamed() throws Exception {
        NoKernelLeaks.Scope watch = NoKernelLeaks.Scope.beginShared();
        Program kept;
        try (Program p = load("jnk_leak")) {
            p.pin(bpffs.root().resolve("p"));
            kept = Program.fromId(p.id()); // what a leaked descriptor would do: outlive the pin
        }
        try (kept) {
            watch.sample();
            Files.delete(bpffs.root().resolve("p"));
            List<String> left = watch.end(GRACE);
            assertEquals(List.of("program " + kept.id() + " name jnk_leak (SCHED_CLS)"), left);
        }
    }

    @Test
    void objectsFromBeforeTheTestAndObjectsDroppedInItAreNotNamed() {
        try (Program before = load("jnk_before")) {
            NoKernelLeaks.Scope watch = NoKernelLeaks.Scope.beginShared();
            try (Program during = load("jnk_during")) {
                during.pin(bpffs.root().resolve("d"));
                watch.sample();
                Files.delete(bpffs.root().resolve("d"));
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            assertEquals(List.of(), watch.end(), "before.id " + before.id());
        }
    }

    @Test
    void aProcessTheTestStartedThatStillRunsIsNamedAndKilled() throws Exception {
        NoKernelLeaks.Scope watch = NoKernelLeaks.Scope.beginShared();
        Process p = new ProcessBuilder("sleep", "300").start();
        try {
            watch.sample();
            List<String> left = watch.end(GRACE);
            assertEquals(1, left.size(), left::toString);
            assertTrue(left.getFirst().startsWith("process " + p.pid() + " "), left::toString);
            assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the check kills it");
        } finally {
            p.destroyForcibly().waitFor();
            p.getInputStream().close();
            p.getOutputStream().close();
            p.getErrorStream().close();
        }
    }

    /** The extension itself, through JUnit: a @HostTest that leaves a namespace fails, naming it. */
    @Test
    void aKernelTierTestThatLeavesANamespaceFailsNamingIt() {
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(LeakyFixture.class)).build(), summary);
        TestExecutionSummary s = summary.getSummary();
        assertEquals(1, s.getTestsFailedCount(), () -> s.getFailures().toString());
        assertEquals(0, s.getContainersFailedCount(), "the class' check does not report it again");
        String leaked = LeakyFixture.leaked;
        assertEquals("kernel objects left by the test (removed now):\n  netns " + leaked + " (carries the test's name "
                + leaked + ")", s.getFailures().getFirst().getException().getMessage());
        assertFalse(NetNamespaces.exists(leaked), "removed by the check");
    }

    @Test
    void kernelTierTestsCarryTheCheck() {
        ExtendWith on = HostTest.class.getAnnotation(ExtendWith.class);
        assertTrue(List.of(on.value()).contains(NoKernelLeaks.class), List.of(on.value()).toString());
        ExtendWith onNetkit = io.jnetkit.testkit.NetkitTest.class.getAnnotation(ExtendWith.class);
        assertTrue(List.of(onNetkit.value()).contains(NoKernelLeaks.class), List.of(onNetkit.value()).toString());
    }
}
