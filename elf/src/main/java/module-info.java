/** The BPF ELF loader: parses object files and loads their maps and programs. */
module io.jnetkit.elf {
    requires transitive io.jnetkit.bpf;

    exports io.jnetkit.elf;
}
