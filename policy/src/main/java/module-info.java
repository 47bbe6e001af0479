/** The policy compiler: port rules compiled to BPF with the assembler. */
module io.jnetkit.policy {
    requires transitive io.jnetkit.abi;   // Rule's src/dst are io.jnetkit.net.Cidr
    requires transitive io.jnetkit.asm;
    requires transitive io.jnetkit.bpf;

    exports io.jnetkit.policy;
}
