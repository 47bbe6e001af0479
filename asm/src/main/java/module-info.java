/** A BPF assembler: instructions, labels, helpers; no kernel access. */
module io.jnetkit.asm {
    exports io.jnetkit.asm;
}
