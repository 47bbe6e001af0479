/** The BPF ELF loader: parses object files and loads their maps and programs. */
module io.jnetkit.elf {
    requires transitive io.jnetkit.bpf;

    exports io.jnetkit.elf;
    // Kernel-free BTF model and CO-RE relocation: the loader uses it, a map-dump formatter can too.
    exports io.jnetkit.btf;
    // Resources only (Examples.PORT_FILTER …): open, so other modules can read the objects.
    opens io.jnetkit.elf.examples;
}
