package io.jnetkit.cli.policy;

import io.jnetkit.cli.CliRun;
import io.jnetkit.cli.Exit;
import io.jnetkit.elf.CollectionSpec;
import io.jnetkit.elf.ElfMap;
import io.jnetkit.elf.ElfProgram;
import io.jnetkit.elf.Relocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The policy commands that need no kernel: help, compile, and bad policies. */
class PolicyCommandTest {
    static final String SEED = "count deny tcp dport 12345; allow any";

    private static CliRun ok(String... args) {
        return CliRun.ok(args);
    }

    private static CliRun usage(String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(Exit.USAGE.code, r.exit(), () -> String.join(" ", args) + "\n" + r);
        assertEquals(1, r.err().lines().count(), () -> "one line of error: " + r);
        assertTrue(r.err().startsWith("jnetkit: "), r::toString);
        assertEquals("", r.out(), r::toString);
        return r;
    }

    @Test
    void helpWithExamples() {
        String top = ok("policy", "--help").out();
        for (String sub : new String[] {"apply", "show", "stats", "remove", "compile"}) {
            assertTrue(top.contains(sub), top);
            String h = ok("policy", sub, "--help").out();
            assertTrue(h.contains("Examples:") && h.contains("jnetkit policy " + sub), h);
        }
        assertTrue(ok("--help").out().contains("policy"));
    }

    @Test
    void compilePrintsAssemblyAndCount() {
        String out = ok("policy", "compile", SEED).out();
        assertTrue(out.contains("exit"), out);
        assertTrue(out.strip().matches("(?s).*\\n\\d+ instructions"), out);
        // Several words are one policy.
        assertEquals(out, ok("policy", "compile", "count", "deny", "tcp", "dport", "12345;", "allow", "any").out());
        String json = ok("policy", "compile", SEED, "--json").out();
        assertTrue(json.startsWith("{\"policy\":\"" + SEED + "\",\"instructions\":"), json);
        assertTrue(json.contains("\"disassembly\":"), json);
    }

    @Test
    void compileWritesAnObjectOurLoaderReads(@TempDir Path dir) throws Exception {
        Path obj = dir.resolve("seed.o");
        String out = ok("policy", "compile", SEED, "-o", obj.toString()).out();
        assertTrue(out.startsWith("wrote " + obj + ": program jnk_policy in section tc, map jnk_counters, "), out);
        assertFalse(out.contains("exit"), "no assembly without --disasm: " + out);
        CollectionSpec spec = CollectionSpec.read(obj);
        ElfProgram p = spec.program("jnk_policy");
        assertEquals("tc", p.sectionName());
        assertEquals("GPL", spec.license());
        ElfMap m = spec.map("jnk_counters");
        assertEquals(ElfMap.Kind.BTF, m.kind());
        assertFalse(p.relocations().isEmpty());
        assertTrue(p.relocations().stream().allMatch(r -> r.kind() == Relocation.Kind.MAP && r.target().equals("jnk_counters")));

        Path peer = dir.resolve("peer.o");
        String both = ok("policy", "compile", "-f", write(dir, "deny udp dport 53\n# comment\nallow any\n").toString(),
                "-o", peer.toString(), "--disasm", "--section", "netkit/peer").out();
        assertTrue(both.contains("exit") && both.contains("in section netkit/peer"), both);
        assertEquals(io.jnetkit.bpf.AttachType.NETKIT_PEER, CollectionSpec.read(peer).program("jnk_policy").attachType());
    }

    private static Path write(Path dir, String text) throws Exception {
        Path f = dir.resolve("policy.txt");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void badPoliciesAreOneLineNamingRuleAndColumn() {
        String e = usage("policy", "compile", "deny tcp dport 12345; allow tcp dport 99999").err();
        assertTrue(e.contains("rule 2") && e.contains("column"), e);
        usage("policy", "compile", "deny tcp port 1");
        usage("policy", "compile");
        usage("policy", "compile", "   ");
        // apply: the policy is checked before the device is even looked up, so nothing is attached.
        e = usage("policy", "apply", "no-such-dev", "peer", "allow tcp dport 1-2; frobnicate").err();
        assertTrue(e.contains("rule 2"), e);
        usage("policy", "apply", "eth0", "sideways", "allow any");
        usage("policy", "apply", "eth0", "peer", "-f", "/dev/null", "allow any");
        usage("policy", "stats", "eth0", "peer", "--count", "2");
        usage("policy", "show", "eth0");
    }

    @Test
    void shadowedRulesAreWarnedAbout() {
        CliRun r = ok("policy", "compile", "deny tcp; deny tcp dport 80");
        assertTrue(r.err().startsWith("jnetkit: warning: rule 2") && r.err().contains("can never match"), r::toString);
        assertEquals("", ok("policy", "compile", SEED).err(), "the seed policy has nothing to warn about");
    }

    @Test
    void missingFile() {
        CliRun r = CliRun.of("policy", "compile", "-f", "/nonexistent/policy.txt");
        assertEquals(Exit.NOT_FOUND.code, r.exit(), r::toString);
    }
}
