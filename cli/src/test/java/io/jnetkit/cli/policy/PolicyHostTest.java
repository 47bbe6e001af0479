package io.jnetkit.cli.policy;

import io.jnetkit.bpf.Attachments;
import io.jnetkit.bpf.BpfMap;
import io.jnetkit.bpf.Hook;
import io.jnetkit.bpf.MapType;
import io.jnetkit.bpf.Program;
import io.jnetkit.cli.CliRun;
import io.jnetkit.cli.Exit;
import io.jnetkit.testkit.PrivateBpffs;
import io.jnetkit.elf.BpfCollection;
import io.jnetkit.elf.CollectionSpec;
import io.jnetkit.policy.LoadedPolicy;
import io.jnetkit.policy.Policy;
import io.jnetkit.policy.PolicyCompiler;
import io.jnetkit.rtnl.Rtnl;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.HostTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** policy apply / show / stats / replace / remove on tcx hooks of a veth pair; compile -o through both loaders. */
@HostTest
class PolicyHostTest {
    static final int NEXT = -1, DROP = 2;

    @RegisterExtension
    final FreshNetns ns = new FreshNetns();

    @RegisterExtension
    final PrivateBpffs bpffs = new PrivateBpffs();

    private CliRun in(String... args) {
        return CliRun.in(ns.name(), args);
    }

    private CliRun ok(String... args) {
        return CliRun.ok(CliRun.withNetns(ns.name(), args));
    }

    private CliRun fails(Exit exit, String... args) {
        return CliRun.fails(exit, CliRun.withNetns(ns.name(), args));
    }

    private Hook ingress(String dev) {
        try (Rtnl rtnl = Rtnl.open(ns.get())) {
            return Hook.tcxIngress(rtnl.links().get(dev).index());
        }
    }

    static int intField(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":(\\d+)").matcher(json);
        if (!m.find()) fail("no " + key + " in " + json);
        return Integer.parseInt(m.group(1));
    }

    private Path policyDir() {
        return bpffs.root().resolve("jnetkit").resolve(ns.name()).resolve("v0/tcx-ingress");
    }

    @Test
    void applyShowStatsReplaceRemove() throws Exception {
        ok("link", "add", "v0", "type", "veth", "peer", "name", "v1");
        Hook hook = ingress("v0");

        // A bad policy: one line naming the rule, nothing attached, nothing pinned.
        CliRun bad = fails(Exit.USAGE, "policy", "apply", "v0", "tcx-ingress", "count deny udp dport 9; deny tcp sport x");
        assertTrue(bad.err().contains("rule 2"), bad.err());
        assertEquals(List.of(), Attachments.query(ns.get(), hook).programIds());
        assertFalse(Files.exists(policyDir()));

        String applied = ok("policy", "apply", "v0", "tcx-ingress", "count deny udp dport 9; allow any", "--json").out();
        int linkId = intField(applied, "link_id");
        int progId = intField(applied, "prog_id");
        assertTrue(applied.contains("\"replaced\":false"), applied);
        assertEquals(List.of(progId), Attachments.query(ns.get(), hook).programIds());
        // One pin, the link: text and counters are maps bound to its program.
        assertEquals(List.of(policyDir().resolve("policy")), bpffs.pins());

        String show = ok("policy", "show", "v0", "tcx-ingress").out();
        assertTrue(show.contains("link " + linkId + "  prog id " + progId), show);
        assertTrue(show.contains("\n  1  count deny udp dport 9\n  2  allow any\n     default allow\n"), "a rule a line: " + show);
        assertTrue(show.matches("(?s).*instructions \\d+ \\(xlated \\d+\\).*"), show);
        String showJson = ok("policy", "show", "v0", "tcx-ingress", "--json").out();
        assertTrue(showJson.contains("\"policy\":\"count deny udp dport 9; allow any\""), showJson);
        assertEquals(linkId, intField(showJson, "link_id"));

        // Traffic through test-run of the attached program: 3 dropped datagrams of 60 bytes, 1 passed segment.
        try (Program p = Program.fromId(progId)) {
            for (int i = 0; i < 3; i++) assertEquals(DROP, p.testRun(Frames.udp4(9), 1).retval());
            assertEquals(NEXT, p.testRun(Frames.tcp4(9), 1).retval());
        }
        String stats = ok("policy", "stats", "v0", "tcx-ingress").out();
        assertTrue(stats.matches("(?s).*\\n\\s+1\\s+count deny udp dport 9\\s+3\\s+180\\n\\s+2\\s+allow any\\s+-\\s+-\\n.*"), stats);
        String statsJson = ok("policy", "stats", "v0", "tcx-ingress", "--json").out();
        assertTrue(statsJson.contains("{\"rule\":1,\"text\":\"count deny udp dport 9\",\"counted\":true,\"packets\":3,\"bytes\":180}"),
                statsJson);
        String watched = ok("policy", "stats", "v0", "tcx-ingress", "--watch", "--count", "2", "--interval", "0.05", "--json").out();
        assertEquals(2, watched.lines().count(), watched);

        // Replace: the same link, a new program, new counters from 0, the old program gone from the hook.
        String replaced = ok("policy", "apply", "v0", "tcx-ingress", "count deny udp dport 10; count default allow", "--json").out();
        assertTrue(replaced.contains("\"replaced\":true"), replaced);
        assertEquals(linkId, intField(replaced, "link_id"));
        int newProg = intField(replaced, "prog_id");
        assertNotEquals(progId, newProg);
        assertEquals(progId, intField(replaced, "previous_prog_id"));
        assertEquals(List.of(newProg), Attachments.query(ns.get(), hook).programIds());
        try (Program p = Program.fromId(newProg)) {
            assertEquals(NEXT, p.testRun(Frames.udp4(9), 1).retval());
            assertEquals(DROP, p.testRun(Frames.udp4(10), 1).retval());
        }
        String stats2 = ok("policy", "stats", "v0", "tcx-ingress").out();
        assertTrue(stats2.matches("(?s).*\\n\\s+1\\s+count deny udp dport 10\\s+1\\s+60\\n\\s+count default allow\\s+1\\s+60\\n.*"),
                stats2);
        assertEquals(List.of(policyDir().resolve("policy")), bpffs.pins(), "no temporary pins");
        String text = ok("policy", "show", "v0", "tcx-ingress").out();
        assertTrue(text.contains("\n  1  count deny udp dport 10\n     count default allow\n"), text);

        // Remove: detached, every pin and directory gone; a second remove finds nothing.
        String removed = ok("policy", "remove", "v0", "tcx-ingress").out();
        assertTrue(removed.startsWith("removed the policy (link " + linkId + ", prog id " + newProg + ")"), removed);
        assertEquals(List.of(), Attachments.query(ns.get(), hook).programIds());
        assertTrue(bpffs.emptyOfPins(), () -> "pins left: " + bpffsPins());
        fails(Exit.NOT_FOUND, "policy", "remove", "v0", "tcx-ingress");
        fails(Exit.NOT_FOUND, "policy", "stats", "v0", "tcx-ingress");
        fails(Exit.NOT_FOUND, "policy", "show", "v1", "tcx-ingress");
    }

    private String bpffsPins() {
        try {
            return bpffs.pins().toString();
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    @Test
    void applyAgainAfterTheDeviceWasRecreated() {
        ok("link", "add", "v0", "type", "veth", "peer", "name", "v1");
        ok("policy", "apply", "v0", "tcx-ingress", "deny udp dport 53; allow any");
        // Re-running a setup script: the device goes away and comes back under the same name.
        ok("link", "del", "v0");
        ok("link", "add", "v0", "type", "veth", "peer", "name", "v1");
        CliRun again = in("policy", "apply", "v0", "tcx-ingress", "deny udp dport 54; allow any");
        assertEquals(0, again.exit(), again::toString);
        assertTrue(again.err().contains("dropped a stale policy pin"), again::toString);
        assertTrue(again.out().startsWith("applied the policy to "), again::toString);
        String show = ok("policy", "show", "v0", "tcx-ingress").out();
        assertTrue(show.contains("dport 54"), show);
        ok("policy", "remove", "v0", "tcx-ingress");
    }

    @Test
    void policyGoesFirstAndLeavesOtherProgramsAlone() throws Exception {
        ok("link", "add", "v0", "type", "veth", "peer", "name", "v1");
        Hook hook = ingress("v0");
        try (Program other = io.jnetkit.cli.attach.TestProgs.returning("jnk_other", NEXT)) {
            ok("attach", "v0", "tcx-ingress", "id", String.valueOf(other.id()));
            int prog = intField(ok("policy", "apply", "v0", "tcx-ingress", "deny any", "--json").out(), "prog_id");
            assertEquals(List.of(prog, other.id()), Attachments.query(ns.get(), hook).programIds());
            ok("policy", "remove", "v0", "tcx-ingress");
            assertEquals(List.of(other.id()), Attachments.query(ns.get(), hook).programIds());
            ok("detach", "v0", "tcx-ingress", "all");
        }
    }

    /** compile -o gives an object that our loader and bpftool load, with the verdicts of the policy loaded directly. */
    /** 200 CIDR rules are one LPM trie lookup: the pinned program holds the trie, stats still count per rule. */
    @Test
    void aLongCidrListIsOneTrieLookupCountedPerRule() {
        ok("link", "add", "v0", "type", "veth", "peer", "name", "v1");
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < 200; k++) sb.append("count deny dst 10.0.").append(k).append(".0/24; ");
        String text = sb + "allow any";
        String compiled = ok("policy", "compile", text).out();
        assertTrue(compiled.contains("\nrules 1-200: one LPM trie lookup in jnk_lpm_0 (200 dst prefixes)\n"), compiled);
        assertTrue(compiled.contains("r1 = map(jnk_lpm_0) ll"), compiled);
        int progId = intField(ok("policy", "apply", "v0", "tcx-ingress", text, "--json").out(), "prog_id");
        // Nothing of this process keeps the trie open now: the pinned link's program does.
        try (Program p = Program.fromId(progId)) {
            int tries = 0;
            for (int id : p.info().mapIds()) {
                try (BpfMap m = BpfMap.fromId(id)) {
                    if (m.type() == MapType.LPM_TRIE) {
                        tries++;
                        assertEquals("jnk_lpm_0", m.name());
                    }
                }
            }
            assertEquals(1, tries);
            byte[] f = Frames.udp4(9);
            f[32] = (byte) 150; // 10.0.150.2: rule 151
            assertEquals(DROP, p.testRun(f, 1).retval());
            f[31] = 1; // 10.1.150.2: no rule
            assertEquals(NEXT, p.testRun(f, 1).retval());
        }
        String stats = ok("policy", "stats", "v0", "tcx-ingress").out();
        assertTrue(stats.matches("(?s).*\\n\\s+151\\s+count deny dst 10\\.0\\.150\\.0/24\\s+1\\s+60\\n.*"), stats);
        assertTrue(stats.matches("(?s).*\\n\\s+150\\s+count deny dst 10\\.0\\.149\\.0/24\\s+0\\s+0\\n.*"), stats);
        String show = ok("policy", "show", "v0", "tcx-ingress").out();
        assertTrue(show.contains("\n  200  count deny dst 10.0.199.0/24\n"), show);
        ok("policy", "remove", "v0", "tcx-ingress");
    }

    @Test
    void compiledObjectLoadsAndDecidesTheSame(@TempDir Path dir) throws Exception {
        String text = "count deny tcp dport 12345; deny udp dport 53; deny ip6 src fd00::/8 tcp; allow any";
        Path obj = dir.resolve("p.o");
        ok("policy", "compile", text, "-o", obj.toString());
        Map<String, byte[]> packets = Map.of(
                "tcp4 12345", Frames.tcp4(12345), "tcp4 80", Frames.tcp4(80), "udp4 53", Frames.udp4(53),
                "udp4 54", Frames.udp4(54), "tcp6 80", Frames.tcp6(80), "short", new byte[20]);
        Policy policy = Policy.parse(text);
        try (LoadedPolicy direct = PolicyCompiler.compile(policy).load();
             BpfCollection c = BpfCollection.load(CollectionSpec.read(obj))) {
            Program fromElf = c.program("jnk_policy");
            for (Map.Entry<String, byte[]> e : packets.entrySet()) {
                int want = policy.decide(e.getValue()).verdict();
                assertEquals(want, direct.program().testRun(e.getValue(), 1).retval(), e.getKey());
                assertEquals(want, fromElf.testRun(e.getValue(), 1).retval(), e.getKey());
            }
            BpfMap counters = c.map("jnk_counters");
            assertEquals(direct.counters().valueSize(), counters.valueSize());
            assertEquals(direct.counters().type(), counters.type());
        }

        // bpftool (Debian's, libbpf 1.x) loads it too; bin/setup installs it.
        Path bpftool = null;
        for (String d : new String[] {"/usr/sbin", "/usr/bin", "/sbin"}) {
            if (Files.isExecutable(Path.of(d, "bpftool"))) bpftool = Path.of(d, "bpftool");
        }
        if (bpftool == null) fail("bpftool is not installed: run bin/setup (it installs Debian's bpftool)");
        Path pin = bpffs.root().resolve("from-bpftool");
        Process pr = new ProcessBuilder(bpftool.toString(), "prog", "load", obj.toString(), pin.toString())
                .redirectErrorStream(true).start();
        String out = new String(pr.getInputStream().readAllBytes());
        assertTrue(pr.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, pr.exitValue(), () -> "bpftool prog load failed:\n" + out);
        try (Program p = Program.fromPinned(pin)) {
            assertEquals("jnk_policy", p.name());
            for (Map.Entry<String, byte[]> e : packets.entrySet()) {
                if (e.getValue().length < 14) continue;
                assertEquals(policy.decide(e.getValue()).verdict(), p.testRun(e.getValue(), 1).retval(), e.getKey());
            }
        }
    }
}
