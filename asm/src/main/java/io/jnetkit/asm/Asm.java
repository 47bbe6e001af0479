package io.jnetkit.asm;

import static io.jnetkit.asm.Opcodes.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A fluent builder of BPF programs that reads like the assembly:
 *
 * <pre>{@code
 * Instructions p = Asm.program()
 *     .loadMem(W, R2, R1, 16)               // r2 = *(u32 *)(r1 + 16)   skb->protocol
 *     .jneImm(R2, 0x0008, "pass")           // if r2 != 8 goto pass     (ETH_P_IP, big-endian)
 *     .ldMapFd(R1, "counters")              // r1 = map(counters) ll
 *     .call(Helper.MAP_LOOKUP_ELEM)         // call 1
 *     .label("pass")
 *     .movImm(R0, 0)                        // r0 = 0                   TC_ACT_OK
 *     .exit()
 *     .build();
 * }</pre>
 *
 * <p>Jumps, {@code gotol}, bpf-to-bpf calls and {@code ld_imm64} of a function take a label;
 * labels are resolved in {@link #build()}, where offsets are computed in slots (an
 * {@code ld_imm64} takes two). Errors — an undefined or duplicate label, an offset that does not
 * fit, a register or field out of range — are {@link AsmException}s naming the label and slot.
 * Methods ending in {@code 32} are the 32-bit (ALU / JMP32) forms, which the text writes with
 * {@code w} registers. A builder is not thread-safe; {@link #build()} may be called repeatedly.
 */
public final class Asm {
    private static final Pattern SYMBOL = Pattern.compile("[A-Za-z_.][A-Za-z0-9_.]*");
    private static final Pattern REGISTER = Pattern.compile("[rw](10|[0-9])");

    /**
     * One instruction with an optional unresolved target or map name, and its source line;
     * {@code symbol}, when set, is the reference (at slot 0) it carries when {@code target} is no
     * label of this program, or always when there is no target.
     */
    private record Entry(Insn insn, String target, String mapName, Reference symbol, int line) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, Integer> labels = new LinkedHashMap<>();
    private final Map<String, Integer> labelLines = new HashMap<>();
    private int slot;
    private int line;

    private Asm() {
    }

    /** A new, empty program builder. */
    public static Asm program() {
        return new Asm();
    }

    /** Assembles text; see {@link Assembler}. */
    public static Instructions assemble(String text) {
        return Assembler.assemble(text);
    }

    /** Disassembles with the default options; see {@link Disassembler}. */
    public static String disassemble(Instructions program) {
        return Disassembler.DEFAULT.disassemble(program);
    }

    /** Whether a name can be a label or map name: letters, digits, '_' and '.', not a register or {@code pc}. */
    public static boolean isValidSymbol(String name) {
        return name != null && SYMBOL.matcher(name).matches() && !REGISTER.matcher(name).matches() && !name.equals("pc");
    }

    /** The slot the next instruction will occupy. */
    public int currentSlot() {
        return slot;
    }

    /** Sets the source line reported in errors for the following instructions (used by the assembler). */
    Asm atLine(int sourceLine) {
        this.line = sourceLine;
        return this;
    }

    private String where(int sourceLine) {
        return sourceLine > 0 ? "line " + sourceLine + ": " : "";
    }

    /** Defines a label at the current slot. */
    public Asm label(String name) {
        if (!isValidSymbol(name)) {
            throw new AsmException(where(line) + "invalid label name '" + name
                    + "': use letters, digits, '_' and '.', not starting with a digit, not a register name");
        }
        Integer prev = labels.putIfAbsent(name, slot);
        if (prev != null) {
            int prevLine = labelLines.getOrDefault(name, 0);
            throw new AsmException(where(line) + "duplicate label '" + name + "' at slot " + slot
                    + " (first defined at slot " + prev + (prevLine > 0 ? ", line " + prevLine : "") + ")");
        }
        labelLines.put(name, line);
        return this;
    }

    /** Appends a raw instruction (relative offsets as given). */
    public Asm insn(Insn insn) {
        return add(Objects.requireNonNull(insn, "insn"), null, null);
    }

    /** Appends a relative instruction whose offset is resolved from {@code label} in {@link #build()}. */
    public Asm insn(Insn insn, String label) {
        if (!insn.isRelative()) {
            throw new AsmException(where(line) + "instruction has no relative target: " + insn);
        }
        return add(insn, Objects.requireNonNull(label, "label"), null);
    }

    private Asm add(Insn insn, String target, String mapName) {
        return add(insn, target, mapName, null);
    }

    private Asm add(Insn insn, String target, String mapName, Reference symbol) {
        entries.add(new Entry(insn, target, mapName, symbol, line));
        slot += insn.slots();
        return this;
    }

    private Insn make(int opcode, int dst, int src, int off, int imm) {
        try {
            return new Insn(opcode, dst, src, off, imm);
        } catch (AsmException e) {
            throw new AsmException(where(line) + "slot " + slot + ": " + e.getMessage(), e);
        }
    }

    private static int r(Reg reg) {
        return Objects.requireNonNull(reg, "register").index();
    }

    // ---------------------------------------------------------------- ALU

    private Asm alu(int cls, int op, Reg dst, Reg src, int off) {
        return insn(make(cls | op | X, r(dst), r(src), off, 0));
    }

    private Asm aluImm(int cls, int op, Reg dst, int imm, int off) {
        return insn(make(cls | op | K, r(dst), 0, off, imm));
    }

    /** {@code dst += src} (64-bit). */
    public Asm add(Reg dst, Reg src) {
        return alu(ALU64, ADD, dst, src, 0);
    }

    /** {@code dst += imm} (64-bit). */
    public Asm addImm(Reg dst, int imm) {
        return aluImm(ALU64, ADD, dst, imm, 0);
    }

    /** {@code wDst += wSrc} (32-bit; the upper half of dst is zeroed). */
    public Asm add32(Reg dst, Reg src) {
        return alu(ALU, ADD, dst, src, 0);
    }

    /** {@code wDst += imm} (32-bit; the upper half of dst is zeroed). */
    public Asm addImm32(Reg dst, int imm) {
        return aluImm(ALU, ADD, dst, imm, 0);
    }

    /** {@code dst -= src} (64-bit). */
    public Asm sub(Reg dst, Reg src) {
        return alu(ALU64, SUB, dst, src, 0);
    }

    /** {@code dst -= imm} (64-bit). */
    public Asm subImm(Reg dst, int imm) {
        return aluImm(ALU64, SUB, dst, imm, 0);
    }

    /** {@code wDst -= wSrc} (32-bit; the upper half of dst is zeroed). */
    public Asm sub32(Reg dst, Reg src) {
        return alu(ALU, SUB, dst, src, 0);
    }

    /** {@code wDst -= imm} (32-bit; the upper half of dst is zeroed). */
    public Asm subImm32(Reg dst, int imm) {
        return aluImm(ALU, SUB, dst, imm, 0);
    }

    /** {@code dst *= src} (64-bit). */
    public Asm mul(Reg dst, Reg src) {
        return alu(ALU64, MUL, dst, src, 0);
    }

    /** {@code dst *= imm} (64-bit). */
    public Asm mulImm(Reg dst, int imm) {
        return aluImm(ALU64, MUL, dst, imm, 0);
    }

    /** {@code wDst *= wSrc} (32-bit; the upper half of dst is zeroed). */
    public Asm mul32(Reg dst, Reg src) {
        return alu(ALU, MUL, dst, src, 0);
    }

    /** {@code wDst *= imm} (32-bit; the upper half of dst is zeroed). */
    public Asm mulImm32(Reg dst, int imm) {
        return aluImm(ALU, MUL, dst, imm, 0);
    }

    /** {@code dst /= src} (64-bit). */
    public Asm div(Reg dst, Reg src) {
        return alu(ALU64, DIV, dst, src, 0);
    }

    /** {@code dst /= imm} (64-bit). */
    public Asm divImm(Reg dst, int imm) {
        return aluImm(ALU64, DIV, dst, imm, 0);
    }

    /** {@code wDst /= wSrc} (32-bit; the upper half of dst is zeroed). */
    public Asm div32(Reg dst, Reg src) {
        return alu(ALU, DIV, dst, src, 0);
    }

    /** {@code wDst /= imm} (32-bit; the upper half of dst is zeroed). */
    public Asm divImm32(Reg dst, int imm) {
        return aluImm(ALU, DIV, dst, imm, 0);
    }

    /** {@code dst |= src} (64-bit). */
    public Asm or(Reg dst, Reg src) {
        return alu(ALU64, OR, dst, src, 0);
    }

    /** {@code dst |= imm} (64-bit). */
    public Asm orImm(Reg dst, int imm) {
        return aluImm(ALU64, OR, dst, imm, 0);
    }

    /** {@code wDst |= wSrc} (32-bit; the upper half of dst is zeroed). */
    public Asm or32(Reg dst, Reg src) {
        return alu(ALU, OR, dst, src, 0);
    }

    /** {@code wDst |= imm} (32-bit; the upper half of dst is zeroed). */
    public Asm orImm32(Reg dst, int imm) {
        return aluImm(ALU, OR, dst, imm, 0);
    }

    /** {@code dst &amp;= src} (64-bit). */
    public Asm and(Reg dst, Reg src) {
        return alu(ALU64, AND, dst, src, 0);
    }

    /** {@code dst &amp;= imm} (64-bit). */
    public Asm andImm(Reg dst, int imm) {
        return aluImm(ALU64, AND, dst, imm, 0);
    }

    /** {@code wDst &amp;= wSrc} (32-bit; the upper half of dst is zeroed). */
    public Asm and32(Reg dst, Reg src) {
        return alu(ALU, AND, dst, src, 0);
    }

    /** {@code wDst &amp;= imm} (32-bit; the upper half of dst is zeroed). */
    public Asm andImm32(Reg dst, int imm) {
        return aluImm(ALU, AND, dst, imm, 0);
    }

    /** {@code dst &lt;&lt;= src} (64-bit). */
    public Asm lsh(Reg dst, Reg src) {
        return alu(ALU64, LSH, dst, src, 0);
    }

    /** {@code dst &lt;&lt;= imm} (64-bit). */
    public Asm lshImm(Reg dst, int imm) {
        return aluImm(ALU64, LSH, dst, imm, 0);
    }

    /** {@code wDst &lt;&lt;= wSrc} (32-bit; the upper half of dst is zeroed). */
    public Asm lsh32(Reg dst, Reg src) {
        return alu(ALU, LSH, dst, src, 0);
    }

    /** {@code wDst &lt;&lt;= imm} (32-bit; the upper half of dst is zeroed). */
    public Asm lshImm32(Reg dst, int imm) {
        return aluImm(ALU, LSH, dst, imm, 0);
    }

    /** {@code dst &gt;&gt;= src} (64-bit). */
    public Asm rsh(Reg dst, Reg src) {
        return alu(ALU64, RSH, dst, src, 0);
    }

    /** {@code dst &gt;&gt;= imm} (64-bit). */
    public Asm rshImm(Reg dst, int imm) {
        return aluImm(ALU64, RSH, dst, imm, 0);
    }

    /** {@code wDst &gt;&gt;= wSrc} (32-bit; the upper half of dst is zeroed). */
    public Asm rsh32(Reg dst, Reg src) {
        return alu(ALU, RSH, dst, src, 0);
    }

    /** {@code wDst &gt;&gt;= imm} (32-bit; the upper half of dst is zeroed). */
    public Asm rshImm32(Reg dst, int imm) {
        return aluImm(ALU, RSH, dst, imm, 0);
    }

    /** {@code dst %= src} (64-bit). */
    public Asm mod(Reg dst, Reg src) {
        return alu(ALU64, MOD, dst, src, 0);
    }

    /** {@code dst %= imm} (64-bit). */
    public Asm modImm(Reg dst, int imm) {
        return aluImm(ALU64, MOD, dst, imm, 0);
    }

    /** {@code wDst %= wSrc} (32-bit; the upper half of dst is zeroed). */
    public Asm mod32(Reg dst, Reg src) {
        return alu(ALU, MOD, dst, src, 0);
    }

    /** {@code wDst %= imm} (32-bit; the upper half of dst is zeroed). */
    public Asm modImm32(Reg dst, int imm) {
        return aluImm(ALU, MOD, dst, imm, 0);
    }

    /** {@code dst ^= src} (64-bit). */
    public Asm xor(Reg dst, Reg src) {
        return alu(ALU64, XOR, dst, src, 0);
    }

    /** {@code dst ^= imm} (64-bit). */
    public Asm xorImm(Reg dst, int imm) {
        return aluImm(ALU64, XOR, dst, imm, 0);
    }

    /** {@code wDst ^= wSrc} (32-bit; the upper half of dst is zeroed). */
    public Asm xor32(Reg dst, Reg src) {
        return alu(ALU, XOR, dst, src, 0);
    }

    /** {@code wDst ^= imm} (32-bit; the upper half of dst is zeroed). */
    public Asm xorImm32(Reg dst, int imm) {
        return aluImm(ALU, XOR, dst, imm, 0);
    }

    /** {@code dst = src} (64-bit). */
    public Asm mov(Reg dst, Reg src) {
        return alu(ALU64, MOV, dst, src, 0);
    }

    /** {@code dst = imm} (64-bit). */
    public Asm movImm(Reg dst, int imm) {
        return aluImm(ALU64, MOV, dst, imm, 0);
    }

    /** {@code wDst = wSrc} (32-bit; the upper half of dst is zeroed). */
    public Asm mov32(Reg dst, Reg src) {
        return alu(ALU, MOV, dst, src, 0);
    }

    /** {@code wDst = imm} (32-bit; the upper half of dst is zeroed). */
    public Asm movImm32(Reg dst, int imm) {
        return aluImm(ALU, MOV, dst, imm, 0);
    }

    /** {@code dst s&gt;&gt;= src} (64-bit). */
    public Asm arsh(Reg dst, Reg src) {
        return alu(ALU64, ARSH, dst, src, 0);
    }

    /** {@code dst s&gt;&gt;= imm} (64-bit). */
    public Asm arshImm(Reg dst, int imm) {
        return aluImm(ALU64, ARSH, dst, imm, 0);
    }

    /** {@code wDst s&gt;&gt;= wSrc} (32-bit; the upper half of dst is zeroed). */
    public Asm arsh32(Reg dst, Reg src) {
        return alu(ALU, ARSH, dst, src, 0);
    }

    /** {@code wDst s&gt;&gt;= imm} (32-bit; the upper half of dst is zeroed). */
    public Asm arshImm32(Reg dst, int imm) {
        return aluImm(ALU, ARSH, dst, imm, 0);
    }

    /** {@code dst s/= src} (64-bit signed). */
    public Asm sdiv(Reg dst, Reg src) {
        return alu(ALU64, DIV, dst, src, 1);
    }

    /** {@code dst s/= imm} (64-bit signed). */
    public Asm sdivImm(Reg dst, int imm) {
        return aluImm(ALU64, DIV, dst, imm, 1);
    }

    /** {@code wDst s/= wSrc} (32-bit signed). */
    public Asm sdiv32(Reg dst, Reg src) {
        return alu(ALU, DIV, dst, src, 1);
    }

    /** {@code wDst s/= imm} (32-bit signed). */
    public Asm sdivImm32(Reg dst, int imm) {
        return aluImm(ALU, DIV, dst, imm, 1);
    }

    /** {@code dst s%= src} (64-bit signed). */
    public Asm smod(Reg dst, Reg src) {
        return alu(ALU64, MOD, dst, src, 1);
    }

    /** {@code dst s%= imm} (64-bit signed). */
    public Asm smodImm(Reg dst, int imm) {
        return aluImm(ALU64, MOD, dst, imm, 1);
    }

    /** {@code wDst s%= wSrc} (32-bit signed). */
    public Asm smod32(Reg dst, Reg src) {
        return alu(ALU, MOD, dst, src, 1);
    }

    /** {@code wDst s%= imm} (32-bit signed). */
    public Asm smodImm32(Reg dst, int imm) {
        return aluImm(ALU, MOD, dst, imm, 1);
    }

    /** {@code dst = -dst} (64-bit). */
    public Asm neg(Reg dst) {
        return insn(make(ALU64 | NEG, r(dst), 0, 0, 0));
    }

    /** {@code wDst = -wDst} (32-bit). */
    public Asm neg32(Reg dst) {
        return insn(make(ALU | NEG, r(dst), 0, 0, 0));
    }

    /** {@code dst = (s8|s16|s32)src}: 64-bit move sign-extending the low {@code bits} (8, 16, 32) of src. */
    public Asm movsx(Reg dst, Reg src, int bits) {
        return alu(ALU64, MOV, dst, src, bits);
    }

    /** {@code wDst = (s8|s16)wSrc}: 32-bit move sign-extending the low {@code bits} (8, 16) of src. */
    public Asm movsx32(Reg dst, Reg src, int bits) {
        return alu(ALU, MOV, dst, src, bits);
    }

    /** {@code dst = le16|le32|le64 dst}: convert between host and little-endian order (truncating to {@code bits}). */
    public Asm le(Reg dst, int bits) {
        return insn(make(ALU | END | TO_LE, r(dst), 0, 0, bits));
    }

    /** {@code dst = be16|be32|be64 dst}: convert between host and big-endian (network) order. */
    public Asm be(Reg dst, int bits) {
        return insn(make(ALU | END | TO_BE, r(dst), 0, 0, bits));
    }

    /** {@code dst = bswap16|bswap32|bswap64 dst}: unconditional byte swap (ALU64, cpu v4). */
    public Asm bswap(Reg dst, int bits) {
        return insn(make(ALU64 | END, r(dst), 0, 0, bits));
    }

    // ---------------------------------------------------------------- 64-bit immediates

    private Asm wide(Reg dst, int pseudo, long value, String target, String mapName) {
        Insn i;
        try {
            i = Insn.ldImm64(r(dst), pseudo, value);
        } catch (AsmException e) {
            throw new AsmException(where(line) + "slot " + slot + ": " + e.getMessage(), e);
        }
        return add(i, target, mapName);
    }

    /** {@code dst = value ll}. */
    public Asm ldImm64(Reg dst, long value) {
        return wide(dst, 0, value, null, null);
    }

    /** {@code dst = map_fd(fd) ll}: the map with this file descriptor. */
    public Asm ldMapFd(Reg dst, int fd) {
        return wide(dst, PSEUDO_MAP_FD, fd & 0xffffffffL, null, null);
    }

    /** {@code dst = map(name) ll}: the map called {@code name}, resolved at load time. */
    public Asm ldMapFd(Reg dst, String mapName) {
        checkMapName(mapName);
        return wide(dst, PSEUDO_MAP_FD, 0, null, mapName);
    }

    /** {@code dst = map_value(fd, off) ll}: address of the (array) map's value plus {@code off}. */
    public Asm ldMapValue(Reg dst, int fd, int off) {
        return wide(dst, PSEUDO_MAP_VALUE, ((long) off << 32) | (fd & 0xffffffffL), null, null);
    }

    /** {@code dst = map_value(name, off) ll}: address of the named map's value plus {@code off}, resolved at load time. */
    public Asm ldMapValue(Reg dst, String mapName, int off) {
        checkMapName(mapName);
        return wide(dst, PSEUDO_MAP_VALUE, (long) off << 32, null, mapName);
    }

    /** {@code dst = map_idx(index) ll}: the map at this index of the program's {@code fd_array}. */
    public Asm ldMapIdx(Reg dst, int index) {
        return wide(dst, PSEUDO_MAP_IDX, index & 0xffffffffL, null, null);
    }

    /** {@code dst = map_idx_value(index, off) ll}. */
    public Asm ldMapIdxValue(Reg dst, int index, int off) {
        return wide(dst, PSEUDO_MAP_IDX_VALUE, ((long) off << 32) | (index & 0xffffffffL), null, null);
    }

    /** {@code dst = btf_id(id) ll}: address of a kernel variable by BTF id. */
    public Asm ldBtfId(Reg dst, int btfId) {
        return wide(dst, PSEUDO_BTF_ID, btfId & 0xffffffffL, null, null);
    }

    /**
     * {@code dst = func(name) ll}: address of the bpf function at label {@code name} (for callbacks),
     * or, when the program has no such label, of the function {@code name} that
     * {@link Instructions#link} appends ({@link FuncRef.Kind#ADDRESS}).
     */
    public Asm ldFunc(Reg dst, String name) {
        Objects.requireNonNull(name, "name");
        checkSymbol(name, "function");
        Insn i;
        try {
            i = Insn.ldImm64(r(dst), PSEUDO_FUNC, 0);
        } catch (AsmException e) {
            throw new AsmException(where(line) + "slot " + slot + ": " + e.getMessage(), e);
        }
        return add(i, name, null, new FuncRef(0, name, FuncRef.Kind.ADDRESS));
    }

    /**
     * {@code dst = ksym(name) ll}: address of the kernel variable (or function) {@code name}, a
     * {@link KernelRef} the loader resolves against the running kernel's BTF ({@code __ksym}).
     */
    public Asm ldKsym(Reg dst, String name) {
        checkSymbol(name, "kernel symbol");
        Insn i;
        try {
            i = Insn.ldImm64(r(dst), 0, 0);
        } catch (AsmException e) {
            throw new AsmException(where(line) + "slot " + slot + ": " + e.getMessage(), e);
        }
        return add(i, null, null, new KernelRef(0, name, KernelRef.Kind.KSYM));
    }

    private void checkSymbol(String name, String what) {
        if (!isValidSymbol(name)) {
            throw new AsmException(where(line) + "invalid " + what + " name '" + name + "'");
        }
    }

    private void checkMapName(String mapName) {
        if (!isValidSymbol(mapName)) {
            throw new AsmException(where(line) + "invalid map name '" + mapName + "'");
        }
    }

    // ---------------------------------------------------------------- loads and stores

    /** {@code r0 = *(size *)skb[imm]}: legacy packet load at an absolute offset (W, H or B; network order). */
    public Asm ldAbs(Size size, int imm) {
        return insn(make(LD | ABS | size.code(), 0, 0, 0, imm));
    }

    /** {@code r0 = *(size *)skb[src + imm]}: legacy packet load at an offset from a register. */
    public Asm ldInd(Size size, Reg src, int imm) {
        return insn(make(LD | IND | size.code(), 0, r(src), 0, imm));
    }

    /** {@code dst = *(uN *)(src + off)}: zero-extending load. */
    public Asm loadMem(Size size, Reg dst, Reg src, int off) {
        return insn(make(LDX | MEM | size.code(), r(dst), r(src), off, 0));
    }

    /** {@code dst = *(sN *)(src + off)}: sign-extending load (B, H or W; cpu v4). */
    public Asm loadMemSx(Size size, Reg dst, Reg src, int off) {
        return insn(make(LDX | MEMSX | size.code(), r(dst), r(src), off, 0));
    }

    /** {@code *(uN *)(dst + off) = src}. */
    public Asm storeMem(Size size, Reg dst, int off, Reg src) {
        return insn(make(STX | MEM | size.code(), r(dst), r(src), off, 0));
    }

    /** {@code *(uN *)(dst + off) = imm}. */
    public Asm storeImm(Size size, Reg dst, int off, int imm) {
        return insn(make(ST | MEM | size.code(), r(dst), 0, off, imm));
    }

    // ---------------------------------------------------------------- atomics

    private Asm atomic(Size size, int op, Reg dst, int off, Reg src) {
        return insn(make(STX | ATOMIC | size.code(), r(dst), r(src), off, op));
    }

    /** {@code lock *(size *)(dst + off) += src}; size {@link Size#W} or {@link Size#DW}. */
    public Asm atomicAdd(Size size, Reg dst, int off, Reg src) {
        return atomic(size, ADD, dst, off, src);
    }

    /** {@code lock *(size *)(dst + off) |= src}; size {@link Size#W} or {@link Size#DW}. */
    public Asm atomicOr(Size size, Reg dst, int off, Reg src) {
        return atomic(size, OR, dst, off, src);
    }

    /** {@code lock *(size *)(dst + off) &amp;= src}; size {@link Size#W} or {@link Size#DW}. */
    public Asm atomicAnd(Size size, Reg dst, int off, Reg src) {
        return atomic(size, AND, dst, off, src);
    }

    /** {@code lock *(size *)(dst + off) ^= src}; size {@link Size#W} or {@link Size#DW}. */
    public Asm atomicXor(Size size, Reg dst, int off, Reg src) {
        return atomic(size, XOR, dst, off, src);
    }

    /** {@code src = atomic_fetch_add((size *)(dst + off), src)}; size {@link Size#W} or {@link Size#DW}. */
    public Asm atomicFetchAdd(Size size, Reg dst, int off, Reg src) {
        return atomic(size, ADD | FETCH, dst, off, src);
    }

    /** {@code src = atomic_fetch_or((size *)(dst + off), src)}; size {@link Size#W} or {@link Size#DW}. */
    public Asm atomicFetchOr(Size size, Reg dst, int off, Reg src) {
        return atomic(size, OR | FETCH, dst, off, src);
    }

    /** {@code src = atomic_fetch_and((size *)(dst + off), src)}; size {@link Size#W} or {@link Size#DW}. */
    public Asm atomicFetchAnd(Size size, Reg dst, int off, Reg src) {
        return atomic(size, AND | FETCH, dst, off, src);
    }

    /** {@code src = atomic_fetch_xor((size *)(dst + off), src)}; size {@link Size#W} or {@link Size#DW}. */
    public Asm atomicFetchXor(Size size, Reg dst, int off, Reg src) {
        return atomic(size, XOR | FETCH, dst, off, src);
    }

    /** {@code src = xchg(dst + off, src)}; size {@link Size#W} or {@link Size#DW}. */
    public Asm atomicXchg(Size size, Reg dst, int off, Reg src) {
        return atomic(size, XCHG, dst, off, src);
    }

    /** {@code r0 = cmpxchg(dst + off, r0, src): compares with r0, old value into r0}; size {@link Size#W} or {@link Size#DW}. */
    public Asm atomicCmpxchg(Size size, Reg dst, int off, Reg src) {
        return atomic(size, CMPXCHG, dst, off, src);
    }

    // ---------------------------------------------------------------- jumps

    private Asm target(int opcode, int dst, int src, int imm, String label) {
        return add(make(opcode, dst, src, 0, imm), Objects.requireNonNull(label, "label"), null);
    }

    /** {@code goto label}: unconditional jump with a 16-bit offset. */
    public Asm ja(String label) {
        return target(JMP | JA, 0, 0, 0, label);
    }

    /** {@code goto +off}. */
    public Asm ja(int off) {
        return insn(make(JMP | JA, 0, 0, off, 0));
    }

    /** {@code gotol label}: unconditional jump with a 32-bit offset (JMP32 JA; cpu v4). */
    public Asm gotol(String label) {
        return target(JMP32 | JA, 0, 0, 0, label);
    }

    /** {@code gotol +off}. */
    public Asm gotol(int off) {
        return insn(make(JMP32 | JA, 0, 0, 0, off));
    }

    /** {@code if dst OP src goto label} (64-bit). */
    public Asm jmp(Cond cond, Reg dst, Reg src, String label) {
        return target(JMP | cond.code() | X, r(dst), r(src), 0, label);
    }

    /** {@code if dst OP imm goto label} (64-bit). */
    public Asm jmpImm(Cond cond, Reg dst, int imm, String label) {
        return target(JMP | cond.code() | K, r(dst), 0, imm, label);
    }

    /** {@code if wDst OP wSrc goto label} (32-bit). */
    public Asm jmp32(Cond cond, Reg dst, Reg src, String label) {
        return target(JMP32 | cond.code() | X, r(dst), r(src), 0, label);
    }

    /** {@code if wDst OP imm goto label} (32-bit). */
    public Asm jmpImm32(Cond cond, Reg dst, int imm, String label) {
        return target(JMP32 | cond.code() | K, r(dst), 0, imm, label);
    }

    /** {@code if dst OP src goto +off} (64-bit). */
    public Asm jmp(Cond cond, Reg dst, Reg src, int off) {
        return insn(make(JMP | cond.code() | X, r(dst), r(src), off, 0));
    }

    /** {@code if dst OP imm goto +off} (64-bit). */
    public Asm jmpImm(Cond cond, Reg dst, int imm, int off) {
        return insn(make(JMP | cond.code() | K, r(dst), 0, off, imm));
    }

    /** {@code if wDst OP wSrc goto +off} (32-bit). */
    public Asm jmp32(Cond cond, Reg dst, Reg src, int off) {
        return insn(make(JMP32 | cond.code() | X, r(dst), r(src), off, 0));
    }

    /** {@code if wDst OP imm goto +off} (32-bit). */
    public Asm jmpImm32(Cond cond, Reg dst, int imm, int off) {
        return insn(make(JMP32 | cond.code() | K, r(dst), 0, off, imm));
    }

    /** {@code if dst == src goto label} (64-bit compare). */
    public Asm jeq(Reg dst, Reg src, String label) {
        return jmp(Cond.EQ, dst, src, label);
    }

    /** {@code if dst == imm goto label} (64-bit compare). */
    public Asm jeqImm(Reg dst, int imm, String label) {
        return jmpImm(Cond.EQ, dst, imm, label);
    }

    /** {@code if wDst == wSrc goto label} (32-bit compare). */
    public Asm jeq32(Reg dst, Reg src, String label) {
        return jmp32(Cond.EQ, dst, src, label);
    }

    /** {@code if wDst == imm goto label} (32-bit compare). */
    public Asm jeqImm32(Reg dst, int imm, String label) {
        return jmpImm32(Cond.EQ, dst, imm, label);
    }

    /** {@code if dst &gt; src goto label} (64-bit compare). */
    public Asm jgt(Reg dst, Reg src, String label) {
        return jmp(Cond.GT, dst, src, label);
    }

    /** {@code if dst &gt; imm goto label} (64-bit compare). */
    public Asm jgtImm(Reg dst, int imm, String label) {
        return jmpImm(Cond.GT, dst, imm, label);
    }

    /** {@code if wDst &gt; wSrc goto label} (32-bit compare). */
    public Asm jgt32(Reg dst, Reg src, String label) {
        return jmp32(Cond.GT, dst, src, label);
    }

    /** {@code if wDst &gt; imm goto label} (32-bit compare). */
    public Asm jgtImm32(Reg dst, int imm, String label) {
        return jmpImm32(Cond.GT, dst, imm, label);
    }

    /** {@code if dst &gt;= src goto label} (64-bit compare). */
    public Asm jge(Reg dst, Reg src, String label) {
        return jmp(Cond.GE, dst, src, label);
    }

    /** {@code if dst &gt;= imm goto label} (64-bit compare). */
    public Asm jgeImm(Reg dst, int imm, String label) {
        return jmpImm(Cond.GE, dst, imm, label);
    }

    /** {@code if wDst &gt;= wSrc goto label} (32-bit compare). */
    public Asm jge32(Reg dst, Reg src, String label) {
        return jmp32(Cond.GE, dst, src, label);
    }

    /** {@code if wDst &gt;= imm goto label} (32-bit compare). */
    public Asm jgeImm32(Reg dst, int imm, String label) {
        return jmpImm32(Cond.GE, dst, imm, label);
    }

    /** {@code if dst &amp; src goto label} (64-bit compare). */
    public Asm jset(Reg dst, Reg src, String label) {
        return jmp(Cond.SET, dst, src, label);
    }

    /** {@code if dst &amp; imm goto label} (64-bit compare). */
    public Asm jsetImm(Reg dst, int imm, String label) {
        return jmpImm(Cond.SET, dst, imm, label);
    }

    /** {@code if wDst &amp; wSrc goto label} (32-bit compare). */
    public Asm jset32(Reg dst, Reg src, String label) {
        return jmp32(Cond.SET, dst, src, label);
    }

    /** {@code if wDst &amp; imm goto label} (32-bit compare). */
    public Asm jsetImm32(Reg dst, int imm, String label) {
        return jmpImm32(Cond.SET, dst, imm, label);
    }

    /** {@code if dst != src goto label} (64-bit compare). */
    public Asm jne(Reg dst, Reg src, String label) {
        return jmp(Cond.NE, dst, src, label);
    }

    /** {@code if dst != imm goto label} (64-bit compare). */
    public Asm jneImm(Reg dst, int imm, String label) {
        return jmpImm(Cond.NE, dst, imm, label);
    }

    /** {@code if wDst != wSrc goto label} (32-bit compare). */
    public Asm jne32(Reg dst, Reg src, String label) {
        return jmp32(Cond.NE, dst, src, label);
    }

    /** {@code if wDst != imm goto label} (32-bit compare). */
    public Asm jneImm32(Reg dst, int imm, String label) {
        return jmpImm32(Cond.NE, dst, imm, label);
    }

    /** {@code if dst s&gt; src goto label} (64-bit compare). */
    public Asm jsgt(Reg dst, Reg src, String label) {
        return jmp(Cond.SGT, dst, src, label);
    }

    /** {@code if dst s&gt; imm goto label} (64-bit compare). */
    public Asm jsgtImm(Reg dst, int imm, String label) {
        return jmpImm(Cond.SGT, dst, imm, label);
    }

    /** {@code if wDst s&gt; wSrc goto label} (32-bit compare). */
    public Asm jsgt32(Reg dst, Reg src, String label) {
        return jmp32(Cond.SGT, dst, src, label);
    }

    /** {@code if wDst s&gt; imm goto label} (32-bit compare). */
    public Asm jsgtImm32(Reg dst, int imm, String label) {
        return jmpImm32(Cond.SGT, dst, imm, label);
    }

    /** {@code if dst s&gt;= src goto label} (64-bit compare). */
    public Asm jsge(Reg dst, Reg src, String label) {
        return jmp(Cond.SGE, dst, src, label);
    }

    /** {@code if dst s&gt;= imm goto label} (64-bit compare). */
    public Asm jsgeImm(Reg dst, int imm, String label) {
        return jmpImm(Cond.SGE, dst, imm, label);
    }

    /** {@code if wDst s&gt;= wSrc goto label} (32-bit compare). */
    public Asm jsge32(Reg dst, Reg src, String label) {
        return jmp32(Cond.SGE, dst, src, label);
    }

    /** {@code if wDst s&gt;= imm goto label} (32-bit compare). */
    public Asm jsgeImm32(Reg dst, int imm, String label) {
        return jmpImm32(Cond.SGE, dst, imm, label);
    }

    /** {@code if dst &lt; src goto label} (64-bit compare). */
    public Asm jlt(Reg dst, Reg src, String label) {
        return jmp(Cond.LT, dst, src, label);
    }

    /** {@code if dst &lt; imm goto label} (64-bit compare). */
    public Asm jltImm(Reg dst, int imm, String label) {
        return jmpImm(Cond.LT, dst, imm, label);
    }

    /** {@code if wDst &lt; wSrc goto label} (32-bit compare). */
    public Asm jlt32(Reg dst, Reg src, String label) {
        return jmp32(Cond.LT, dst, src, label);
    }

    /** {@code if wDst &lt; imm goto label} (32-bit compare). */
    public Asm jltImm32(Reg dst, int imm, String label) {
        return jmpImm32(Cond.LT, dst, imm, label);
    }

    /** {@code if dst &lt;= src goto label} (64-bit compare). */
    public Asm jle(Reg dst, Reg src, String label) {
        return jmp(Cond.LE, dst, src, label);
    }

    /** {@code if dst &lt;= imm goto label} (64-bit compare). */
    public Asm jleImm(Reg dst, int imm, String label) {
        return jmpImm(Cond.LE, dst, imm, label);
    }

    /** {@code if wDst &lt;= wSrc goto label} (32-bit compare). */
    public Asm jle32(Reg dst, Reg src, String label) {
        return jmp32(Cond.LE, dst, src, label);
    }

    /** {@code if wDst &lt;= imm goto label} (32-bit compare). */
    public Asm jleImm32(Reg dst, int imm, String label) {
        return jmpImm32(Cond.LE, dst, imm, label);
    }

    /** {@code if dst s&lt; src goto label} (64-bit compare). */
    public Asm jslt(Reg dst, Reg src, String label) {
        return jmp(Cond.SLT, dst, src, label);
    }

    /** {@code if dst s&lt; imm goto label} (64-bit compare). */
    public Asm jsltImm(Reg dst, int imm, String label) {
        return jmpImm(Cond.SLT, dst, imm, label);
    }

    /** {@code if wDst s&lt; wSrc goto label} (32-bit compare). */
    public Asm jslt32(Reg dst, Reg src, String label) {
        return jmp32(Cond.SLT, dst, src, label);
    }

    /** {@code if wDst s&lt; imm goto label} (32-bit compare). */
    public Asm jsltImm32(Reg dst, int imm, String label) {
        return jmpImm32(Cond.SLT, dst, imm, label);
    }

    /** {@code if dst s&lt;= src goto label} (64-bit compare). */
    public Asm jsle(Reg dst, Reg src, String label) {
        return jmp(Cond.SLE, dst, src, label);
    }

    /** {@code if dst s&lt;= imm goto label} (64-bit compare). */
    public Asm jsleImm(Reg dst, int imm, String label) {
        return jmpImm(Cond.SLE, dst, imm, label);
    }

    /** {@code if wDst s&lt;= wSrc goto label} (32-bit compare). */
    public Asm jsle32(Reg dst, Reg src, String label) {
        return jmp32(Cond.SLE, dst, src, label);
    }

    /** {@code if wDst s&lt;= imm goto label} (32-bit compare). */
    public Asm jsleImm32(Reg dst, int imm, String label) {
        return jmpImm32(Cond.SLE, dst, imm, label);
    }

    // ---------------------------------------------------------------- calls

    /** {@code call N}: a helper function. */
    public Asm call(Helper helper) {
        return call(helper.id());
    }

    /** {@code call N}: a helper function by number. */
    public Asm call(int helperId) {
        return insn(make(JMP | CALL, 0, CALL_HELPER, 0, helperId));
    }

    /** {@code call label}: a bpf-to-bpf call of the function at {@code label} (src 1, pc-relative). */
    public Asm call(String label) {
        return target(JMP | CALL, 0, PSEUDO_CALL, 0, label);
    }

    /**
     * {@code call func(name)}: a bpf-to-bpf call of the function at label {@code name}, or, when
     * the program has no such label, of the function {@code name} that {@link Instructions#link}
     * appends ({@link FuncRef.Kind#CALL}).
     */
    public Asm callFunction(String name) {
        checkSymbol(name, "function");
        return add(make(JMP | CALL, 0, PSEUDO_CALL, 0, -1), name, null, new FuncRef(0, name, FuncRef.Kind.CALL));
    }

    /**
     * {@code call kfunc(name)}: a kernel function by name, a {@link KernelRef} the loader resolves to
     * its BTF id (and module BTF) in the running kernel.
     */
    public Asm callKfunc(String name) {
        checkSymbol(name, "kfunc");
        return add(make(JMP | CALL, 0, PSEUDO_KFUNC_CALL, 0, 0), null, null, new KernelRef(0, name, KernelRef.Kind.KFUNC));
    }

    /** {@code call pc+off}: a bpf-to-bpf call by relative offset. */
    public Asm callRelative(int off) {
        return insn(make(JMP | CALL, 0, PSEUDO_CALL, 0, off));
    }

    /** {@code call kfunc(btfId)}: a kernel function by its BTF id in vmlinux (src 2). */
    public Asm callKfunc(int btfId) {
        return callKfunc(btfId, 0);
    }

    /** {@code call kfunc(btfId, fdIndex)}: a kernel function by BTF id in the module BTF at {@code fd_array[fdIndex]}. */
    public Asm callKfunc(int btfId, int fdIndex) {
        return insn(make(JMP | CALL, 0, PSEUDO_KFUNC_CALL, fdIndex, btfId));
    }

    /** {@code exit}: return r0. */
    public Asm exit() {
        return insn(make(JMP | EXIT, 0, 0, 0, 0));
    }

    // ---------------------------------------------------------------- build

    /**
     * Resolves labels and returns the program.
     *
     * @throws AsmException for an undefined label or an offset that does not fit its field
     */
    public Instructions build() {
        List<Insn> insns = new ArrayList<>(entries.size());
        List<Reference> refs = new ArrayList<>();
        int at = 0;
        for (Entry e : entries) {
            Insn i = e.insn();
            if (e.symbol() != null && (e.target() == null || !labels.containsKey(e.target()))) {
                refs.add(e.symbol().atSlot(at));
            } else if (e.target() != null) {
                Integer to = labels.get(e.target());
                if (to == null) {
                    throw new AsmException(where(e.line()) + "undefined label '" + e.target() + "' (used at slot " + at + ")");
                }
                int offset = to - (at + 1);
                try {
                    i = i.withRelativeOffset(offset);
                } catch (AsmException ex) {
                    throw new AsmException(where(e.line()) + "slot " + at + ": target '" + e.target() + "' at slot " + to
                            + " is too far: " + ex.getMessage(), ex);
                }
            }
            if (e.mapName() != null) {
                refs.add(new MapRef(at, e.mapName(), i.src() == PSEUDO_MAP_FD ? MapRef.Kind.FD : MapRef.Kind.VALUE));
            }
            insns.add(i);
            at += i.slots();
        }
        return new Instructions(insns, refs, labels);
    }
}
