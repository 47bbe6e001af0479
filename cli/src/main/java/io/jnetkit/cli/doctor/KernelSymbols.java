package io.jnetkit.cli.doctor;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/** Whether the running kernel has a symbol (built-in or loaded), from /proc/kallsyms. */
final class KernelSymbols {
    private KernelSymbols() {}

    private static final Set<String> WANTED = Set.of("netkit_xmit", "tcx_link_attach");
    private static Set<String> found;

    static synchronized boolean has(String symbol) {
        if (found == null) {
            found = new HashSet<>();
            try (BufferedReader r = Files.newBufferedReader(Path.of("/proc/kallsyms"), StandardCharsets.US_ASCII)) {
                String line;
                while ((line = r.readLine()) != null) {
                    int sp = line.lastIndexOf(' ');
                    String name = line.substring(sp + 1);
                    int tab = name.indexOf('\t');
                    if (tab >= 0) name = name.substring(0, tab);
                    if (WANTED.contains(name)) found.add(name);
                }
            } catch (IOException e) {
                return false;
            }
        }
        return found.contains(symbol);
    }
}
