package io.jnetkit.cli.prog;

import io.jnetkit.bpf.Program;
import io.jnetkit.cli.CliRun;
import io.jnetkit.cli.Fixtures;
import io.jnetkit.testkit.PrivateBpffs;
import io.jnetkit.testkit.HostTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code prog dump}: llvm-objdump-style disassembly through the asm module, {@code --raw-hex} for the old hex. */
@HostTest
class ProgDumpHostTest {
    @RegisterExtension
    final PrivateBpffs bpffs = new PrivateBpffs();

    @TempDir
    Path tmp;

    private static CliRun ok(String... args) {
        return CliRun.ok(args);
    }

    private Path portFilter() throws IOException {
        return Fixtures.portFilter(tmp);
    }

    @Test
    void rawDumpIsTheObjectsDisassembly() throws Exception {
        Path obj = portFilter();
        String raw = ok("prog", "dump", "raw", obj.toString()).out();
        List<String> lines = raw.lines().toList();
        assertEquals("0000000000000000 <port_filter>:", lines.getFirst(), raw);
        assertTrue(lines.get(1).matches(" {7}0:\t\\S.*"), raw);
        assertTrue(raw.contains("\tcall 6\t; bpf_trace_printk\n"), raw);
        assertTrue(raw.contains("lock *(u64 *)("), raw);
        assertTrue(raw.endsWith("\texit\n"), raw);
        // ld_imm64 takes one line for two slots, as in llvm-objdump.
        assertTrue(raw.contains("       1:\tr3 = 0 ll\n       3:\t"), raw);

        // The same text as the llvm-objdump of LLVM ≤ 16 (decimal numbers), minus its jump labels.
        Path objdump = Path.of("/usr/bin/llvm-objdump-14");
        if (Files.isExecutable(objdump)) {
            Process p = new ProcessBuilder(objdump.toString(), "-d", "--no-show-raw-insn", obj.toString())
                    .redirectErrorStream(true).start();
            String theirs = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            Pattern insn = Pattern.compile("(?m)^ *\\d+:\t(.*?)(?: <\\w+>)?$");
            Matcher m = insn.matcher(theirs);
            StringBuilder expected = new StringBuilder();
            while (m.find()) expected.append(m.group(1)).append('\n');
            StringBuilder ours = new StringBuilder();
            for (String l : lines.subList(1, lines.size())) {
                ours.append(l.substring(l.indexOf('\t') + 1).replaceFirst("\t; .*", "")).append('\n');
            }
            assertEquals(expected.toString(), ours.toString());
        }
    }

    @Test
    void xlatedDumpNamesHelpersAndMaps() throws Exception {
        Path obj = portFilter();
        Path pin = bpffs.root().resolve("pf");
        ok("prog", "load", obj.toString(), pin.toString());
        String xlated = ok("prog", "dump", "xlated", "pinned", pin.toString()).out();
        assertTrue(xlated.startsWith("0000000000000000 <port_filter>:\nint port_filter(struct __sk_buff * skb):\n"), xlated);
        assertTrue(xlated.contains("\tcall "), xlated);
        assertTrue(xlated.endsWith("\texit\n"), xlated);
        assertTrue(xlated.matches("(?s).*= map_value\\(\\d+, \\d+\\) ll\t; map port_fil\\.bss\n.*"), xlated);
        if (KernelHelpers.resolve(KernelHelpers.KALLSYMS, List.of(0)).containsKey(0L)) {
            // kallsyms readable (root, kptr_restrict < 2): helper calls are named like bpftool does.
            assertTrue(xlated.matches("(?s).*\tcall -?\\d+\t; bpf_trace_printk\n.*"), xlated);
        }
        assertTrue(!xlated.contains(".insn "), "every translated instruction disassembled: " + xlated);

        String json = ok("prog", "dump", "xlated", "pinned", pin.toString(), "--json").out();
        int id;
        try (Program p = Program.fromPinned(pin)) {
            id = p.id();
        }
        assertTrue(json.startsWith("{\"kind\":\"xlated\",\"prog_id\":" + id + ",\"name\":\"port_filter\",\"insns\":[{\"index\":0,"), json);
        assertTrue(json.contains("\"text\":\"exit\""), json);

        String hex = ok("prog", "dump", "xlated", "id", String.valueOf(id), "--raw-hex").out();
        assertTrue(hex.lines().allMatch(l -> l.matches(" *\\d+: (\\p{XDigit}{2} ){7}\\p{XDigit}{2}")), hex);
        long insnLines = xlated.lines().filter(l -> l.matches(" +\\d+:\t.*")).count();
        assertEquals(insnLines + countWide(xlated), hex.lines().count(), "one hex line per slot");
    }

    /** Slot → the {@code ; } comment printed right before it, from a dump in bpftool's or jnetkit's layout. */
    private static java.util.Map<Integer, String> sourceComments(String dump) {
        java.util.Map<Integer, String> out = new java.util.LinkedHashMap<>();
        String pending = null;
        Pattern insn = Pattern.compile(" *(\\d+):[ \t].*");
        for (String l : dump.lines().toList()) {
            if (l.startsWith("; ")) {  // bpftool prints "; " also for a record without text
                pending = l.substring(2);
                continue;
            }
            Matcher m = insn.matcher(l);
            if (m.matches() && pending != null) {
                out.put(Integer.parseInt(m.group(1)), pending);
                pending = null;
            }
        }
        return out;
    }

    /**
     * port_filter.o is built with clang -g: jnetkit loads its BTF line info, the kernel keeps it
     * against the translated instructions, and {@code prog dump xlated} prints each source line
     * before the same instruction bpftool 7.5 ($JNETKIT_BPFTOOL) prints it before.
     */
    @Test
    void xlatedDumpCarriesTheSourceLinesBpftoolPrints() throws Exception {
        Path obj = portFilter();
        Path pin = bpffs.root().resolve("pf");
        ok("prog", "load", obj.toString(), pin.toString());
        int id;
        List<io.jnetkit.bpf.SourceLine> lines;
        try (Program p = Program.fromPinned(pin)) {
            id = p.id();
            lines = p.sourceLines();
        }
        assertTrue(lines.size() > 5, "line info kept: " + lines);
        // clang also emits line-0 records (code not attributable to a line): those carry no text
        assertTrue(lines.stream().allMatch(l -> l.file().endsWith("port_filter.c") && (l.line() > 0 || l.text().isEmpty())),
                lines.toString());
        String ours = ok("prog", "dump", "xlated", "id", String.valueOf(id)).out();
        String theirs = io.jnetkit.cli.parity.Parity.run(List.of(io.jnetkit.cli.parity.Parity.bpftool(),
                "prog", "dump", "xlated", "id", String.valueOf(id)));
        java.util.Map<Integer, String> expected = sourceComments(theirs);
        assertTrue(expected.size() > 5, "bpftool printed source lines: " + theirs);
        assertEquals(expected, sourceComments(ours), "bpftool:\n" + theirs + "\njnetkit:\n" + ours);
        // every comment line sits right before an instruction line
        List<String> ol = ours.lines().toList();
        for (int i = 0; i < ol.size(); i++) {
            if (ol.get(i).startsWith("; ")) assertTrue(ol.get(i + 1).matches(" +\\d+:\t.*"), ours);
        }
        String json = ok("prog", "dump", "xlated", "id", String.valueOf(id), "--json").out();
        assertTrue(json.contains("\"source\":[{\"instruction\":0,\"file\":"), json);
    }

    /** Slot → the function prototype line printed before it ({@code int f(int x):}), from a text dump. */
    private static java.util.Map<Integer, String> prototypeLines(String dump) {
        java.util.Map<Integer, String> out = new java.util.LinkedHashMap<>();
        String pending = null;
        Pattern insn = Pattern.compile(" *(\\d+):[ \t].*");
        for (String l : dump.lines().toList()) {
            Matcher m = insn.matcher(l);
            if (m.matches()) {
                if (pending != null) out.put(Integer.parseInt(m.group(1)), pending);
                pending = null;
            } else if (l.endsWith(":") && !l.startsWith("; ") && !l.matches("\\p{XDigit}{16} <.*>:")) {
                pending = l.substring(0, l.length() - 1);
            }
        }
        return out;
    }

    /** Slot → {@code "proto"} from bpftool's JSON dump: one element per instruction, an ld_imm64 takes two slots. */
    private static java.util.Map<Integer, String> bpftoolJsonPrototypes(String json) {
        java.util.Map<Integer, String> out = new java.util.LinkedHashMap<>();
        int slot = 0;
        for (Object e : (List<?>) io.jnetkit.cli.parity.JsonTree.parse(json)) {
            java.util.Map<?, ?> m = (java.util.Map<?, ?>) e;
            if (m.get("proto") != null) out.put(slot, (String) m.get("proto"));
            slot += ((String) m.get("disasm")).startsWith("(18)") ? 2 : 1;
        }
        return out;
    }

    /**
     * Programs with several functions (a linked object's shared subprogram, bpf_loop and
     * bpf_for_each_map_elem callbacks) and port_filter.o: every function's prototype from BTF func
     * info printed before the same instruction as bpftool 7.5 prints it, in text and --json
     * ({@code "proto"}), and the source comments of line info as well.
     */
    @Test
    void xlatedDumpCarriesTheFunctionPrototypesBpftoolPrints() throws Exception {
        Path fixtures = Path.of(System.getProperty("user.dir"))
                .resolve("../elf/src/test/resources/io/jnetkit/elf/fixtures").normalize();
        Path dir = bpffs.root().resolve("funcs");
        ok("prog", "load", fixtures.resolve("linked.o").toString(), "linked_a", "linked_b", dir.resolve("linked").toString());
        ok("prog", "load", fixtures.resolve("callbacks.o").toString(), "cb_loop", "cb_each_elem", "cb_loop_stop",
                dir.resolve("callbacks").toString());
        ok("prog", "load", portFilter().toString(), dir.resolve("pf").toString());
        java.util.Map<String, Path> pins = new java.util.LinkedHashMap<>();
        pins.put("port_filter", dir.resolve("pf"));
        for (String n : List.of("linked_a", "linked_b")) pins.put(n, dir.resolve("linked").resolve(n));
        for (String n : List.of("cb_loop", "cb_each_elem", "cb_loop_stop")) pins.put(n, dir.resolve("callbacks").resolve(n));
        int subprograms = 0;
        int localCalls = 0;
        for (var e : pins.entrySet()) {
            String id;
            List<io.jnetkit.elf.ProgramFunction> functions;
            try (Program p = Program.fromPinned(e.getValue())) {
                id = String.valueOf(p.id());
                functions = io.jnetkit.elf.ProgramFunction.of(p);
            }
            assertEquals(e.getKey(), functions.getFirst().name(), "the main function first: " + functions);
            assertEquals(0, functions.getFirst().instruction());
            subprograms += functions.size() - 1;
            String ours = ok("prog", "dump", "xlated", "id", id).out();
            String theirs = io.jnetkit.cli.parity.Parity.run(List.of(io.jnetkit.cli.parity.Parity.bpftool(),
                    "prog", "dump", "xlated", "id", id));
            String what = e.getKey() + "\nbpftool:\n" + theirs + "\njnetkit:\n" + ours;
            java.util.Map<Integer, String> expected = prototypeLines(theirs);
            assertEquals(functions.size(), expected.size(), "bpftool printed every function: " + what);
            assertEquals(expected, prototypeLines(ours), what);
            assertEquals(sourceComments(theirs), sourceComments(ours), what);
            // the prototype comes right after the llvm-objdump header or an instruction, before the comment
            List<String> ol = ours.lines().toList();
            for (int i = 1; i < ol.size(); i++) {
                if (expected.containsValue(ol.get(i).replaceFirst(":$", ""))) {
                    assertTrue(ol.get(i + 1).startsWith("; ") || ol.get(i + 1).matches(" +\\d+:\t.*"), what);
                }
            }

            String theirJson = io.jnetkit.cli.parity.Parity.run(List.of(io.jnetkit.cli.parity.Parity.bpftool(),
                    "-j", "prog", "dump", "xlated", "id", id));
            assertEquals(expected, bpftoolJsonPrototypes(theirJson), "bpftool's JSON says the same as its text");
            java.util.Map<?, ?> mine = (java.util.Map<?, ?>) io.jnetkit.cli.parity.JsonTree.parse(
                    ok("prog", "dump", "xlated", "id", id, "--json").out());
            java.util.Map<Integer, String> ourJson = new java.util.LinkedHashMap<>();
            for (Object f : (List<?>) mine.get("functions")) {
                java.util.Map<?, ?> m = (java.util.Map<?, ?>) f;
                ourJson.put(((java.math.BigDecimal) m.get("instruction")).intValueExact(), (String) m.get("proto"));
            }
            assertEquals(expected, ourJson, "--json functions: " + mine.get("functions"));
            assertTrue(!ours.contains(".insn "), "every translated instruction disassembled (callback addresses too): " + ours);
            if (e.getKey().equals("cb_loop")) assertTrue(ours.contains(" = func(+"), ours);
            // subprogram calls at the offsets bpftool prints (its "call pc+7#bpf_prog_…_b_add")
            java.util.regex.Matcher calls = Pattern.compile("(?m)^ *(\\d+): \\(85\\) call pc([+-]\\d+)#").matcher(theirs);
            while (calls.find()) {
                localCalls++;
                assertTrue(ours.contains("\n" + String.format("%8s", calls.group(1)) + ":\tcall pc" + calls.group(2) + "\n"),
                        "call at " + calls.group(1) + ": " + what);
            }
        }
        assertTrue(subprograms >= 5, "subprograms seen: " + subprograms);
        assertTrue(localCalls >= 3, "subprogram calls compared: " + localCalls);  // b_add twice, bpf_loop's inlined call  // b_add twice, one callback per cb_*
    }

    /** ld_imm64 lines: one disassembly line, two hex slots. */
    private static long countWide(String dump) {
        return dump.lines().filter(l -> l.endsWith(" ll") || l.matches(".* ll\t;.*")).count();
    }
}
