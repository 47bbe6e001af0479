package io.jnetkit.cli.prog;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Names helper calls in translated (xlated) instructions: the kernel stores {@code func -
 * __bpf_call_base} in a helper call's immediate, so the helper is the kernel symbol at
 * {@code __bpf_call_base + imm}. Needs {@code /proc/kallsyms} with real addresses (root, and
 * {@code kernel.kptr_restrict} below 2); otherwise no names, and the dump still works.
 */
final class KernelHelpers {
    private KernelHelpers() {}

    static final Path KALLSYMS = Path.of("/proc/kallsyms");

    /** One pass over kallsyms for just the addresses these immediates point at. */
    static Function<Integer, Optional<String>> resolver(List<Integer> imms) {
        Map<Long, String> names = resolve(KALLSYMS, imms);
        return imm -> Optional.ofNullable(names.get((long) imm));
    }

    /** imm → symbol for those found; empty when the file is unreadable or hides addresses. */
    static Map<Long, String> resolve(Path kallsyms, List<Integer> imms) {
        Map<Long, String> byAddress = new HashMap<>();
        long base = 0;
        Set<Long> wanted = new HashSet<>();
        for (int imm : imms) wanted.add((long) imm);
        // Symbols are not sorted by address in kallsyms (modules, per-section order): keep every
        // text symbol whose address could match, then pick by offset once the base is known.
        Map<Long, String> text = new HashMap<>();
        try (BufferedReader r = Files.newBufferedReader(kallsyms)) {
            for (String line; (line = r.readLine()) != null; ) {
                int sp1 = line.indexOf(' ');
                if (sp1 <= 0 || sp1 + 3 > line.length()) continue;
                char type = line.charAt(sp1 + 1);
                if (type != 'T' && type != 't') continue;
                int sp2 = line.indexOf(' ', sp1 + 2);
                if (sp2 < 0) continue;
                int end = line.indexOf('\t', sp2 + 1);
                String name = end < 0 ? line.substring(sp2 + 1) : line.substring(sp2 + 1, end);
                long addr = Long.parseUnsignedLong(line, 0, sp1, 16);
                if (addr == 0) return Map.of(); // addresses hidden
                if (name.equals("__bpf_call_base")) base = addr;
                text.putIfAbsent(addr, name);
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        if (base == 0) return Map.of();
        for (long imm : wanted) {
            String n = text.get(base + imm);
            if (n != null) byAddress.put(imm, n);
        }
        return byAddress;
    }
}
