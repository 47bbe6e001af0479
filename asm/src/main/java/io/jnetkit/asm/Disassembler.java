package io.jnetkit.asm;

import static io.jnetkit.asm.Opcodes.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prints programs in llvm-objdump's BPF syntax, one instruction per line, which
 * {@link Assembler} reads back to the same program.
 *
 * <p>Default output: each label of the program's symbol table on its own line ({@code name:}),
 * each instruction indented by a tab, relative targets as raw offsets in slots ({@code goto +5},
 * {@code if r1 == r2 goto -3}, {@code call pc+2}), numbers in decimal as llvm-objdump printed
 * them up to LLVM 16 (LLVM 17 and later print hex; see {@link #withHex()}). Options, each
 * returning a new immutable disassembler:
 * <ul>
 *   <li>{@link #withLabels()}: targets by label ({@code goto out}); targets without a label in
 *       the program get a generated one, {@code L<slot>} (e.g. {@code L12}).</li>
 *   <li>{@link #withHex()}: immediates and offsets in hex ({@code r1 = *(u32 *)(r1 + 0x4c)}).</li>
 *   <li>{@link #withAddresses()}: the slot number before each instruction, as objdump does
 *       ({@code       3:\t...}); {@link #withBytes()} adds the raw bytes after it.</li>
 *   <li>{@link #withHelperNames()}: a comment naming the helper after {@code call N}.</li>
 * </ul>
 */
public final class Disassembler {
    /** Decimal, raw offsets, no addresses, no bytes, no helper comments. */
    public static final Disassembler DEFAULT = new Disassembler(false, false, false, false, false);

    private final boolean labels;
    private final boolean hex;
    private final boolean addresses;
    private final boolean bytes;
    private final boolean helperNames;

    private Disassembler(boolean labels, boolean hex, boolean addresses, boolean bytes, boolean helperNames) {
        this.labels = labels;
        this.hex = hex;
        this.addresses = addresses;
        this.bytes = bytes;
        this.helperNames = helperNames;
    }

    /** Relative targets by label name, generating {@code L<slot>} labels where the program has none. */
    public Disassembler withLabels() {
        return new Disassembler(true, hex, addresses, bytes, helperNames);
    }

    /** Numbers in hex, like llvm-objdump 17 and later. */
    public Disassembler withHex() {
        return new Disassembler(labels, true, addresses, bytes, helperNames);
    }

    /** The slot number before each instruction. */
    public Disassembler withAddresses() {
        return new Disassembler(labels, hex, true, bytes, helperNames);
    }

    /** The slot number and the raw bytes before each instruction, exactly like {@code llvm-objdump -d}. */
    public Disassembler withBytes() {
        return new Disassembler(labels, hex, true, true, helperNames);
    }

    /** A {@code ; bpf_name} comment after each helper call. */
    public Disassembler withHelperNames() {
        return new Disassembler(labels, hex, addresses, bytes, true);
    }

    /** Decodes a byte image and disassembles it. */
    public String disassemble(byte[] image) {
        return disassemble(Instructions.decode(image));
    }

    /** The program as text, one line per label and instruction, each ending in a newline. */
    public String disassemble(Instructions p) {
        Map<Integer, List<String>> names = new HashMap<>(p.labelsBySlot());
        Map<Integer, String> generated = new HashMap<>();
        if (labels) {
            Set<String> used = new HashSet<>(p.labels().keySet());
            for (int k = 0; k < p.insns().size(); k++) {
                Insn i = p.insns().get(k);
                if (!i.isRelative()) {
                    continue;
                }
                int to = p.slotOf(k) + 1 + i.relativeOffset();
                if (p.indexOfSlot(to) < 0 || names.containsKey(to) || generated.containsKey(to)) {
                    continue;
                }
                String name = "L" + to;
                while (used.contains(name)) {
                    name = name + "_";
                }
                used.add(name);
                generated.put(to, name);
            }
            generated.forEach((slot, name) -> names.computeIfAbsent(slot, s -> new ArrayList<>()).add(name));
        }
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k <= p.insns().size(); k++) {
            int slot = p.slotOf(k);
            for (String name : names.getOrDefault(slot, List.of())) {
                sb.append(name).append(":\n");
            }
            if (k == p.insns().size()) {
                break;
            }
            Insn i = p.insns().get(k);
            String target = null;
            if (i.isRelative()) {
                int to = slot + 1 + i.relativeOffset();
                List<String> at = names.get(to);
                if (labels && at != null && p.indexOfSlot(to) >= 0) {
                    target = at.get(0);
                }
            }
            if (addresses) {
                sb.append(String.format("%8d:\t", slot));
                if (bytes) {
                    byte[] b = i.toBytes();
                    for (int j = 0; j < b.length; j++) {
                        sb.append(j == 0 ? "" : " ").append(String.format("%02x", b[j] & 0xff));
                    }
                    sb.append('\t');
                }
            } else {
                sb.append('\t');
            }
            sb.append(format(i, target, p.referenceAt(slot))).append('\n');
        }
        return sb.toString();
    }

    /** One instruction, relative targets as offsets. */
    public String format(Insn i) {
        return format(i, null, null);
    }

    /**
     * One instruction.
     *
     * @param target the label to print for a relative target, or {@code null} for the raw offset
     * @param ref    the symbolic reference this instruction carries, or {@code null}
     */
    public String format(Insn i, String target, Reference ref) {
        int op = i.opcode();
        return switch (i.cls()) {
            case LD -> formatLd(i, target, ref);
            case LDX -> "r" + i.dst() + " = *(" + ((op & 0xe0) == MEMSX ? "s" : "u") + Size.ofCode(op).bits() + " *)"
                    + mem(i.src(), i.off());
            case ST -> "*(u" + Size.ofCode(op).bits() + " *)" + mem(i.dst(), i.off()) + " = " + num(i.imm());
            case STX -> (op & 0xe0) == MEM
                    ? "*(u" + Size.ofCode(op).bits() + " *)" + mem(i.dst(), i.off()) + " = r" + i.src()
                    : formatAtomic(i);
            case ALU, ALU64 -> formatAlu(i);
            default -> formatJmp(i, target, ref);
        };
    }

    private String formatLd(Insn i, String target, Reference ref) {
        int op = i.opcode();
        String size = "u" + Size.ofCode(op).bits();
        if ((op & 0xe0) == ABS) {
            return "r0 = *(" + size + " *)skb[" + num(i.imm()) + "]";
        }
        if ((op & 0xe0) == IND) {
            String index = "r" + i.src();
            if (i.imm() != 0) {
                index += (i.imm() < 0 ? " - " : " + ") + numAbs(i.imm());
            }
            return "r0 = *(" + size + " *)skb[" + index + "]";
        }
        String d = "r" + i.dst() + " = ";
        if (ref instanceof FuncRef f) {
            return d + "func(" + f.name() + ") ll";
        }
        if (ref instanceof KernelRef k) {
            return d + "ksym(" + k.name() + ") ll";
        }
        String value = switch (i.src()) {
            case PSEUDO_MAP_FD -> ref != null ? "map(" + ref.name() + ")" : "map_fd(" + num(i.imm()) + ")";
            case PSEUDO_MAP_VALUE -> "map_value(" + (ref != null ? ref.name() : num(i.imm())) + ", " + num(i.nextImm()) + ")";
            case PSEUDO_BTF_ID -> "btf_id(" + num(i.imm()) + (i.nextImm() != 0 ? ", " + num(i.nextImm()) : "") + ")";
            case PSEUDO_FUNC -> "func(" + (target != null ? target : rel(i.imm())) + ")";
            case PSEUDO_MAP_IDX -> "map_idx(" + num(i.imm()) + ")";
            case PSEUDO_MAP_IDX_VALUE -> "map_idx_value(" + num(i.imm()) + ", " + num(i.nextImm()) + ")";
            default -> num64(i.imm64());
        };
        return d + value + " ll";
    }

    private String formatAtomic(Insn i) {
        boolean w = Size.ofCode(i.opcode()) == Size.W;
        String p = w ? "w" : "r";
        String bits = w ? "32" : "64";
        String s = p + i.src();
        String addr = "r" + i.dst() + (i.off() < 0 ? " - " : " + ") + numAbs(i.off());
        int a = i.imm();
        String opName = switch (a & ~FETCH) {
            case ADD -> "add";
            case OR -> "or";
            case AND -> "and";
            default -> "xor";
        };
        if (a == XCHG) {
            return s + " = " + (w ? "xchg32_32" : "xchg_64") + "(" + addr + ", " + s + ")";
        }
        if (a == CMPXCHG) {
            return p + "0 = " + (w ? "cmpxchg32_32" : "cmpxchg_64") + "(" + addr + ", " + p + "0, " + s + ")";
        }
        if ((a & FETCH) != 0) {
            return s + " = atomic_fetch_" + opName + "((u" + bits + " *)(" + addr + "), " + s + ")";
        }
        String sym = switch (a) {
            case ADD -> "+=";
            case OR -> "|=";
            case AND -> "&=";
            default -> "^=";
        };
        return "lock *(u" + bits + " *)(" + addr + ") " + sym + " " + s;
    }

    private String formatAlu(Insn i) {
        int op = i.opcode() & 0xf0;
        boolean x = (i.opcode() & X) != 0;
        boolean is64 = i.cls() == ALU64;
        String p = is64 ? "r" : "w";
        String d = p + i.dst();
        if (op == END) {
            String kind = is64 ? "bswap" : x ? "be" : "le";
            return "r" + i.dst() + " = " + kind + i.imm() + " r" + i.dst();
        }
        if (op == NEG) {
            return d + " = -" + d;
        }
        String src = x ? p + i.src() : num(i.imm());
        if (op == MOV) {
            return d + " = " + (x && i.off() != 0 ? "(s" + i.off() + ")" : "") + src;
        }
        String sym = switch (op) {
            case ADD -> "+=";
            case SUB -> "-=";
            case MUL -> "*=";
            case DIV -> i.off() == 1 ? "s/=" : "/=";
            case OR -> "|=";
            case AND -> "&=";
            case LSH -> "<<=";
            case RSH -> ">>=";
            case MOD -> i.off() == 1 ? "s%=" : "%=";
            case XOR -> "^=";
            default -> "s>>=";
        };
        return d + " " + sym + " " + src;
    }

    private String formatJmp(Insn i, String target, Reference ref) {
        int op = i.opcode() & 0xf0;
        if (op == EXIT) {
            return "exit";
        }
        if (op == CALL && ref != null) {
            return (ref instanceof KernelRef ? "call kfunc(" : "call func(") + ref.name() + ")";
        }
        if (op == CALL) {
            return switch (i.src()) {
                case PSEUDO_CALL -> "call " + (target != null ? target : "pc" + rel(i.imm()));
                case PSEUDO_KFUNC_CALL -> "call kfunc(" + num(i.imm()) + (i.off() != 0 ? ", " + num(i.off()) : "") + ")";
                default -> "call " + num(i.imm())
                        + (helperNames ? Helper.byId(i.imm()).map(h -> "\t; " + h.cName()).orElse("") : "");
            };
        }
        String t = target != null ? target : rel(i.relativeOffset());
        if (op == JA) {
            return (i.cls() == JMP32 ? "gotol " : "goto ") + t;
        }
        String p = i.cls() == JMP32 ? "w" : "r";
        boolean x = (i.opcode() & X) != 0;
        return "if " + p + i.dst() + " " + Cond.ofCode(op).operator() + " " + (x ? p + i.src() : num(i.imm())) + " goto " + t;
    }

    private String mem(int reg, int off) {
        return "(r" + reg + (off < 0 ? " - " : " + ") + numAbs(off) + ")";
    }

    private String num(int v) {
        return num64(v);
    }

    private String num64(long v) {
        if (!hex) {
            return Long.toString(v);
        }
        return v < 0 ? "-0x" + Long.toUnsignedString(-v, 16) : "0x" + Long.toHexString(v);
    }

    private String numAbs(int v) {
        long a = Math.abs((long) v);
        return hex ? "0x" + Long.toHexString(a) : Long.toString(a);
    }

    private String rel(int v) {
        return (v < 0 ? "-" : "+") + numAbs(v);
    }
}
