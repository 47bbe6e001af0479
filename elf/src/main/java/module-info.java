/** The BPF ELF loader: parses object files and loads their maps and programs. */
module io.jnetkit.elf {
    requires transitive io.jnetkit.bpf;

    exports io.jnetkit.elf;
    // Resources only (Examples.PORT_FILTER …): open, so other modules can read the objects.
    opens io.jnetkit.elf.examples;
}
