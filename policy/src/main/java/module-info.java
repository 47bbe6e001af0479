/** The policy compiler: port rules compiled to BPF with the assembler. */
module io.jnetkit.policy {
    requires transitive io.jnetkit.asm;
    requires transitive io.jnetkit.bpf;

    exports io.jnetkit.policy;
}
