package io.jnetkit.topology;

import io.jnetkit.net.Cidr;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The state file: what it records of a plan, round trips, merging, and a damaged file. */
class StateFileTest {
    @TempDir
    Path dir;

    @BeforeEach
    void redirect() {
        System.setProperty("jnetkit.statedir", dir.resolve("state").toString());
    }

    @AfterEach
    void restore() {
        System.clearProperty("jnetkit.statedir");
    }

    @Test
    void recordsThePlanAndReadsItBack() throws Exception {
        Topology t = Topology.parse("""
                name: st
                nodes:
                  - {name: a, pod-cidr: [10.1.0.0/24, "fd00::/64"]}
                pods:
                  - {name: p, node: a, addresses: [10.1.0.7, "fd00::7"]}
                """, dir.resolve("t.yaml").toString());
        StateFile s = StateFile.of(t, "ignored-with-nodes");
        assertNull(s.base());
        assertEquals(new StateFile.Pod("tp-st-a", "tp-st-p", "tp-st-p", "eth0",
                List.of(Cidr.parse("10.1.0.7/32"), Cidr.parse("fd00::7/128"))), s.pods().get("p"));
        assertNull(StateFile.read("st"), "no record before the first write");
        s.write();
        assertEquals(s, StateFile.read("st"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(StateFile.path("st"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(StateFile.path("st").getParent())));
        StateFile.delete("st");
        assertNull(StateFile.read("st"));
        StateFile.delete("st");
    }

    @Test
    void plusKeepsWhatOnlyTheOlderRecordHas() {
        StateFile older = StateFile.of(Topology.parse("""
                name: m
                pods: [{name: a, addresses: [10.0.0.1]}, {name: b, addresses: [10.0.0.2]}]
                """, dir.resolve("t.yaml").toString()), "net-1");
        StateFile newer = StateFile.of(Topology.parse("""
                name: m
                pods: [{name: a, addresses: [10.0.0.9]}, {name: c, addresses: [10.0.0.3]}]
                """, dir.resolve("t.yaml").toString()), "net-1");
        StateFile both = newer.plus(older);
        assertEquals(List.of("a", "b", "c"), both.pods().keySet().stream().sorted().toList());
        assertEquals(List.of(Cidr.parse("10.0.0.9/32")), both.pods().get("a").addresses(), "the newer record wins");
        assertTrue(both.pods().get("a").sameHome(older.pods().get("a")));

        // A pod that moved to another node keeps its old home until up has taken it down there.
        StateFile onA = StateFile.of(Topology.parse("""
                name: mv
                nodes: [{name: a, pod-cidr: 10.1.0.0/24}, {name: b, pod-cidr: 10.2.0.0/24}]
                links: [[a, b]]
                pods: [{name: p, node: a}]
                """, dir.resolve("t.yaml").toString()), null);
        StateFile onB = StateFile.of(Topology.parse("""
                name: mv
                nodes: [{name: a, pod-cidr: 10.1.0.0/24}, {name: b, pod-cidr: 10.2.0.0/24}]
                links: [[a, b]]
                pods: [{name: p, node: b}]
                """, dir.resolve("t.yaml").toString()), null);
        assertEquals("tp-mv-a", onB.plus(onA).pods().get("p").node());
    }

    @Test
    void aDamagedRecordIsAClearError() throws Exception {
        Files.createDirectories(StateFile.dir());
        Files.writeString(StateFile.path("dmg"), "{\"topology\": \"dmg\", \"pods\": {\"p\": {\"netns\": 3");
        TopologyException e = assertThrows(TopologyException.class, () -> StateFile.read("dmg"));
        assertTrue(e.getMessage().contains("read topology state") && e.getMessage().contains("delete it"), e.getMessage());
    }
}
