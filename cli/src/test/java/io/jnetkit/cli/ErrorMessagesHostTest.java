package io.jnetkit.cli;

import io.jnetkit.bpf.BpfMap;
import io.jnetkit.bpf.MapSpec;
import io.jnetkit.bpf.MapType;
import io.jnetkit.bpf.Program;
import io.jnetkit.testkit.PrivateBpffs;
import io.jnetkit.cli.attach.TestProgs;
import io.jnetkit.elf.BpfCollection;
import io.jnetkit.elf.CollectionSpec;
import io.jnetkit.elf.Examples;
import io.jnetkit.rtnl.Link;
import io.jnetkit.rtnl.Rtnl;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.HostTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a new user's mistakes look like: each bad command line gives one error line naming the
 * real problem, the right exit code, and leaves the kernel as it was (no device, no pin).
 */
@HostTest
class ErrorMessagesHostTest {
    @RegisterExtension
    final FreshNetns ns = new FreshNetns();
    @RegisterExtension
    final PrivateBpffs bpffs = new PrivateBpffs();
    @TempDir
    Path tmp;

    private Program prog;
    private BpfMap frozen;

    @BeforeEach
    void devicesAndPins() throws IOException {
        CliRun.ok("-n", ns.name(), "link", "add", "v0", "type", "veth", "peer", "name", "v1");
        CliRun.ok("-n", ns.name(), "addr", "add", "10.9.0.1/24", "dev", "v0");
        CliRun.ok("-n", ns.name(), "addr", "add", "fd09::1/64", "dev", "v0");
        CliRun.ok("-n", ns.name(), "link", "set", "v0", "up");  // IPv6 prefix routes need the device up
        CliRun.ok("-n", ns.name(), "link", "set", "v1", "up");
        prog = TestProgs.returning("jnk_pass", 0);
        prog.pin(bpffs.root().resolve("prog"));
        try (BpfMap m = BpfMap.create(MapSpec.of("jnk_map", MapType.ARRAY, 4, 4, 1))) {
            m.pin(bpffs.root().resolve("map"));
        }
        frozen = BpfMap.create(MapSpec.of("jnk_ro", MapType.ARRAY, 4, 4, 1));
        frozen.freeze();
        // 70,000 bytes fit since the kernel builds non-linear skbs for test runs (7.3); 100,000 never do.
        Files.write(tmp.resolve("big.bin"), new byte[100_000]);
    }

    @AfterEach
    void close() {
        if (prog != null) prog.close();
        if (frozen != null) frozen.close();
    }

    private List<String> links() {
        try (Rtnl rtnl = Rtnl.open(ns.get())) {
            return rtnl.links().list().stream().map(Link::name).toList();
        }
    }

    private String[] args(String line) {
        return line.trim().replace("{ns}", ns.name()).replace("{bpffs}", bpffs.root().toString())
                .replace("{tmp}", tmp.toString()).replace("{frozen}", String.valueOf(frozen.id()))
                .replace("{FFFD}", "\uFFFD").split("\\s+");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // 1: the taken name is the peer's, not the primary's
            "peer name taken | 1 | -n {ns} link add a type veth peer name v1 "
                    + "| create link a: EEXIST (File exists); the peer name v1 is taken (link v1 exists)",
            // 2: a veth is not a netkit device (was exit 4, 'unsupported by this kernel')
            "netkit on veth | 2 | -n {ns} link set v0 type netkit blackhole "
                    + "| change netkit v0: v0 is a veth device, not netkit",
            "policy on veth | 2 | -n {ns} link set v0 policy forward | v0 is a veth device, not netkit",
            // 3: frozen map (was exit 5, 'not permitted', as root)
            "frozen map | 2 | map update id {frozen} key 00 00 00 00 value 01 00 00 00 "
                    + "| update key in map jnk_ro: EPERM (Operation not permitted); map jnk_ro is frozen "
                    + "(read-only since load; .rodata is frozen by the loader)",
            // 4: a pin names what was asked for and what is there
            "not a bpffs | 2 | prog show pinned /etc/passwd "
                    + "| open pinned program /etc/passwd: /etc/passwd is not on a bpffs (it is on ",
            "map as program | 2 | prog show pinned {bpffs}/map | {bpffs}/map is a pinned map, not a program",
            "program as map | 2 | map update pinned {bpffs}/prog key 00 00 00 00 value 00 00 00 00 "
                    + "| {bpffs}/prog is a pinned program, not a map",
            "missing pin | 3 | prog show pinned {bpffs}/nothing "
                    + "| open pinned program {bpffs}/nothing: ENOENT (No such file or directory); nothing is pinned at",
            // 5: option-looking words are never device names
            "addr show -5 | 2 | -n {ns} addr show -5 | addr show: unknown option \"-5\"",
            "addr show dev -1 | 2 | -n {ns} addr show dev -1 | addr show: unknown option \"-1\"",
            "route show -1 | 2 | -n {ns} route show -1 | route show: unknown option \"-1\"",
            "link show -5 | 2 | -n {ns} link show -5 | link show: unknown option \"-5\"",
            // 6: too big is out of range, not 'not a number'
            "mtu too big | 2 | -n {ns} link set v0 mtu 4294967296 | link set: mtu 4294967296 is out of range 68..65535",
            "metric too big | 2 | -n {ns} route add 10.8.0.0/16 dev v0 metric 99999999999 "
                    + "| route add: metric 99999999999 is out of range 0..2147483647",
            // 7: -n with a path that is not a namespace (was a bare EINVAL)
            "netns not nsfs | 2 | -n /etc/passwd link show | /etc/passwd is not a network namespace",
            // 9: test-run size checked up front (was a bare EINVAL)
            "test-run 100000 | 2 | prog test-run pinned {bpffs}/prog --data-file {tmp}/big.bin "
                    + "| a sched_cls test run takes at most ",
            // 10: names the JVM could not decode, names the kernel would refuse
            "not UTF-8 | 2 | -n {ns} link add nk{FFFD}0 type veth | argument 5 (\"nk\uFFFD0\") is not valid UTF-8",
            "byte 0xa0 | 2 | -n {ns} link add nkà type veth | the byte 0xa0, which the kernel counts as whitespace",
            "dot name | 2 | -n {ns} link add .. type veth | invalid link name \"..\"",
            // 11: a policy of comments only is refused like an empty one (it used to allow everything)
            "comments-only policy | 2 | policy compile # nothing | the policy is empty: no rule and no default",
    })
    void badInputIsOneLineRightExitNothingMade(String name, int exit, String line, String expected) throws IOException {
        List<String> linksBefore = links();
        List<Path> pinsBefore = bpffs.pins();
        CliRun r = CliRun.of(args(line));
        assertEquals(exit, r.exit(), r::toString);
        assertEquals(1, r.err().lines().count(), () -> "one line of error: " + r);
        String want = expected.trim().replace("{bpffs}", bpffs.root().toString());
        assertTrue(r.err().startsWith("jnetkit: "), r::toString);
        assertTrue(r.err().contains(want), () -> "expected \"" + want + "\" in:\n" + r);
        assertEquals(linksBefore, links(), "no device made or removed");
        assertEquals(pinsBefore, bpffs.pins(), "no pin made or removed");
    }

    @Test
    void rodataOfALoadedObjectIsFrozenNotAPermissionProblem() {
        try (BpfCollection c = BpfCollection.load(CollectionSpec.readResource(Examples.PORT_FILTER))) {
            BpfMap rodata = c.maps().entrySet().stream().filter(e -> e.getKey().endsWith(".rodata"))
                    .map(java.util.Map.Entry::getValue).findFirst().orElseThrow();
            String value = " 00".repeat(rodata.valueSize()).strip();
            CliRun r = CliRun.fails(Exit.USAGE, ("map update id " + rodata.id() + " key 00 00 00 00 value " + value)
                    .split(" "));
            assertTrue(r.err().contains("EPERM (Operation not permitted); map " + rodata.name()
                    + " is frozen (read-only since load; .rodata is frozen by the loader)"), r::toString);
        }
    }

    @Test
    void familyIsAGlobalOptionAsInIp() {
        String v4 = CliRun.ok("-n", ns.name(), "-4", "addr", "show").out();
        assertTrue(v4.contains("inet 10.9.0.1/24"), v4);
        assertFalse(v4.contains("inet6"), v4);
        assertFalse(v4.contains(": lo:") || v4.contains(": v1:"), "devices without IPv4 addresses are left out: " + v4);
        String v6 = CliRun.ok("-n", ns.name(), "-6", "addr", "show", "dev", "v0").out();
        assertTrue(v6.contains("inet6 fd09::1/64"), v6);
        assertFalse(v6.contains("inet 10.9.0.1"), v6);
        // Like -n and -j, the family option is inherited: after the command it means the same.
        assertEquals(v4, CliRun.ok("-n", ns.name(), "addr", "show", "-4").out());
        assertTrue(CliRun.ok("-n", ns.name(), "-6", "route", "show").out().contains("fd09::/64 dev v0"));
        assertTrue(CliRun.ok("-n", ns.name(), "route", "show", "-6").out().contains("fd09::/64 dev v0"));
        assertFalse(CliRun.ok("-n", ns.name(), "route", "show").out().contains("fd09::"), "IPv4 by default");
        CliRun both = CliRun.of("-n", ns.name(), "-4", "-6", "addr", "show");
        assertEquals(Exit.USAGE.code, both.exit(), both::toString);
        assertTrue(both.err().startsWith("jnetkit: -4 and -6 exclude each other"), both::toString);
    }

    @Test
    void jsonErrorsAreAlsoJsonOnStdout() {
        CliRun missing = CliRun.of("-n", ns.name(), "-j", "link", "show", "nope0");
        assertEquals(Exit.NOT_FOUND.code, missing.exit(), missing::toString);
        assertEquals("{\"error\":\"get link nope0: ENODEV (No such device); link nope0 does not exist\","
                + "\"errno\":\"ENODEV\",\"exit\":3,\"hint\":\"link nope0 does not exist\"}\n", missing.out());
        assertEquals("jnetkit: get link nope0: ENODEV (No such device); link nope0 does not exist\n", missing.err());

        CliRun usage = CliRun.of("-n", ns.name(), "link", "set", "v0", "mtu", "4294967296", "--json");
        assertEquals(Exit.USAGE.code, usage.exit(), usage::toString);
        assertEquals("{\"error\":\"link set: mtu 4294967296 is out of range 68..65535\",\"errno\":null,\"exit\":2}\n",
                usage.out());

        CliRun taken = CliRun.of("-n", ns.name(), "--json", "link", "add", "v0", "type", "veth");
        assertEquals(Exit.KERNEL.code, taken.exit(), taken::toString);
        assertTrue(taken.out().startsWith("{\"error\":\"create link v0: EEXIST (File exists); link v0 exists\","
                + "\"errno\":\"EEXIST\",\"exit\":1,\"hint\":\"link v0 exists\"}"), taken::toString);

        CliRun picocli = CliRun.of("-j", "link", "show", "--frob");
        assertEquals(Exit.USAGE.code, picocli.exit(), picocli::toString);
        assertTrue(picocli.out().startsWith("{\"error\":\"Unknown option: '--frob'\",\"errno\":null,\"exit\":2}"),
                picocli::toString);

        CliRun netns = CliRun.of("-n", "/etc/passwd", "-j", "addr", "show");
        assertEquals("{\"error\":\"/etc/passwd is not a network namespace (not an nsfs file: ENOTTY)\","
                + "\"errno\":null,\"exit\":2}\n", netns.out());

        CliRun undecodable = CliRun.of("-j", "link", "del", "x\uFFFD");
        assertEquals(Exit.USAGE.code, undecodable.exit());
        assertTrue(undecodable.out().startsWith("{\"error\":\"argument 4 (\\\"x\uFFFD\\\") is not valid UTF-8"),
                undecodable::toString);

        CliRun plain = CliRun.of("-n", ns.name(), "link", "show", "nope0");
        assertEquals("", plain.out(), "without --json stdout stays empty");
    }
}
