package io.jnetkit.asm;

import static io.jnetkit.asm.Opcodes.*;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Assembles BPF text in llvm-objdump's syntax into a {@link Instructions}.
 *
 * <p>One instruction per line; comments start with {@code ;}, {@code //} or {@code #}; a label
 * is {@code name:} on its own line or before an instruction. Numbers are decimal or hex
 * ({@code 0x4c}, {@code -0x1}). Relative targets are a label or a signed offset in slots
 * ({@code +5}, {@code -0x3}); a trailing objdump annotation such as {@code <LBB0_2>} is ignored.
 * The assembler also reads {@code llvm-objdump -d} output as it is: the {@code N:} address and
 * the raw bytes before an instruction are skipped, {@code 0000000000000000 <name>:} lines define
 * the label {@code name}, and header and relocation lines are skipped.
 *
 * <p>The instruction forms (r = 64-bit register, w = its low 32 bits):
 * <pre>
 * r1 += r2   r1 += -5   w1 += w2   w1 += 5     ALU64 / ALU: += -= *= /= s/= %= s%= |= &amp;= ^= &lt;&lt;= &gt;&gt;= s&gt;&gt;=
 * r1 = r2    r1 = 5     w1 = w2    w1 = 5      mov
 * r1 = (s8)r2   r1 = (s32)r2   w1 = (s16)w2    movsx
 * r1 = -r1   w1 = -w1                          neg
 * r1 = be16 r1   r1 = le32 r1   r1 = bswap64 r1
 * r1 = 0x1234 ll                               ld_imm64
 * r1 = map(name) ll   r1 = map_value(name, 8) ll     symbolic map (fd / value), resolved at load
 * r1 = map_fd(3) ll   r1 = map_value(3, 8) ll   r1 = map_idx(0) ll   r1 = map_idx_value(0, 8) ll
 * r1 = btf_id(42) ll  r1 = btf_id(42, 5) ll  r1 = func(label) ll   pseudo sources 3 (module BTF fd 5) and 4
 * r1 = func(name) ll  r1 = ksym(name) ll        a function no label names (linked), a kernel symbol (resolved at load)
 * ld_pseudo r1, 1, 3                           llvm's form of ld_imm64 with a pseudo source
 * r0 = *(u8 *)skb[12]   r0 = *(u16 *)skb[r3]   r0 = *(u32 *)skb[r3 + 4]   legacy packet loads
 * r1 = *(u32 *)(r1 + 76)   w1 = *(u16 *)(r10 - 2)   r1 = *(s8 *)(r2 + 0)   loads (s = sign-extending)
 * *(u64 *)(r10 - 8) = r1   *(u32 *)(r10 - 4) = w1   *(u16 *)(r10 - 2) = 7  stores
 * lock *(u64 *)(r1 + 0) += r2        (+= |= &amp;= ^=; u32 with w registers)
 * r2 = atomic_fetch_add((u64 *)(r1 + 0), r2)   (add or and xor)
 * r2 = xchg_64(r1 + 0, r2)   w2 = xchg32_32(r1 + 0, w2)
 * r0 = cmpxchg_64(r1 + 0, r0, r2)   w0 = cmpxchg32_32(r1 + 0, w0, w2)
 * goto +3   goto label   gotol label
 * if r1 == r2 goto label   if w1 s&lt; -3 goto -2   (== != &gt; &gt;= &lt; &lt;= s&gt; s&gt;= s&lt; s&lt;= &amp;)
 * call 1   call map_lookup_elem   call bpf_redirect     helper by number or name
 * call label   call pc+3   call -1                 bpf-to-bpf (a negative number is relative, as objdump shows it)
 * call kfunc(1234)   call kfunc(1234, 1)           kfunc by BTF id (and fd_array index)
 * call func(name)    call kfunc(name)              a function (label, else linked) and a kfunc by name
 * exit
 * </pre>
 * A name after {@code call} is a label if the program defines it, else a helper name.
 */
public final class Assembler {
    private Assembler() {
    }

    private static final Pattern OBJDUMP_HEADER = Pattern.compile("^\\S+:\\s+file format .*|^Disassembly of section .*");
    private static final Pattern OBJDUMP_SYMBOL = Pattern.compile("^[0-9a-fA-F]+\\s+<([^<>]+)>:$");
    private static final Pattern OBJDUMP_RELOC = Pattern.compile("^[0-9a-fA-F]+:\\s+R_\\S+.*");
    private static final Pattern OBJDUMP_ADDRESS = Pattern.compile("^[0-9]+:\\s+");
    private static final Pattern OBJDUMP_BYTES = Pattern.compile("^(?:[0-9a-f]{2}[ \\t]+)+");
    private static final Pattern TARGET_ANNOTATION = Pattern.compile("^(.*\\b(?:goto|gotol|call)\\s+\\S+)\\s+<[^<>]*>$");
    private static final Pattern LABEL = Pattern.compile("^([A-Za-z_.][A-Za-z0-9_.]*)\\s*:(?!=)\\s*");

    /**
     * Assembles the text.
     *
     * @throws AsmException with the line number, for text that is not a valid instruction, or
     *                      an undefined or duplicate label, or an offset out of range
     */
    public static Instructions assemble(String text) {
        List<Step> steps = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        String[] lines = text.split("\r?\n", -1);
        for (int n = 0; n < lines.length; n++) {
            parseLine(lines[n], n + 1, steps, labels);
        }
        Asm asm = Asm.program();
        for (Step s : steps) {
            asm.atLine(s.line);
            s.action.accept(new Ctx(asm, labels, s.line));
        }
        return asm.build();
    }

    private record Step(int line, Consumer<Ctx> action) {
    }

    private record Ctx(Asm asm, Set<String> labels, int line) {
    }

    private static void parseLine(String raw, int line, List<Step> steps, Set<String> labels) {
        String s = stripComment(raw).strip();
        if (s.isEmpty() || OBJDUMP_HEADER.matcher(s).matches() || OBJDUMP_RELOC.matcher(s).matches()) {
            return;
        }
        Matcher sym = OBJDUMP_SYMBOL.matcher(s);
        if (sym.matches()) {
            defineLabel(sym.group(1), line, steps, labels);
            return;
        }
        Matcher addr = OBJDUMP_ADDRESS.matcher(s);
        if (addr.lookingAt()) {
            s = s.substring(addr.end());
            Matcher bytes = OBJDUMP_BYTES.matcher(s);
            if (bytes.lookingAt()) {
                s = s.substring(bytes.end());
            }
        }
        while (true) {
            Matcher m = LABEL.matcher(s);
            if (!m.lookingAt()) {
                break;
            }
            defineLabel(m.group(1), line, steps, labels);
            s = s.substring(m.end());
        }
        if (s.isEmpty()) {
            return;
        }
        Matcher ann = TARGET_ANNOTATION.matcher(s);
        if (ann.matches()) {
            s = ann.group(1);
        }
        Consumer<Ctx> action;
        try {
            action = new Parser(s).parse();
        } catch (AsmException e) {
            throw new AsmException("line " + line + ": " + e.getMessage() + " in '" + raw.strip() + "'", e);
        }
        steps.add(new Step(line, ctx -> {
            try {
                action.accept(ctx);
            } catch (AsmException e) {
                String msg = e.getMessage();
                throw new AsmException(msg.startsWith("line ") ? msg : "line " + line + ": " + msg + " in '" + raw.strip() + "'", e);
            }
        }));
    }

    private static void defineLabel(String name, int line, List<Step> steps, Set<String> labels) {
        labels.add(name);
        steps.add(new Step(line, ctx -> ctx.asm().label(name)));
    }

    private static String stripComment(String s) {
        int cut = s.length();
        for (String c : new String[] {";", "//", "#"}) {
            int i = s.indexOf(c);
            if (i >= 0 && i < cut) {
                cut = i;
            }
        }
        return s.substring(0, cut);
    }

    // ------------------------------------------------------------------ tokens

    private static final String[] OPERATORS = {
        "s>>=", "<<=", ">>=", "s<=", "s>=", "s/=", "s%=", "+=", "-=", "*=", "/=", "%=", "|=", "&=", "^=",
        "==", "!=", "<=", ">=", "s<", "s>", "<", ">", "&", "=", "+", "-", "*", "(", ")", "[", "]", ","
    };

    private static List<String> tokenize(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        outer:
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            boolean sOp = c == 's' && i + 1 < s.length() && "<>/%".indexOf(s.charAt(i + 1)) >= 0;
            if (sOp || !(Character.isLetterOrDigit(c) || c == '_' || c == '.')) {
                for (String op : OPERATORS) {
                    if (s.startsWith(op, i)) {
                        out.add(op);
                        i += op.length();
                        continue outer;
                    }
                }
                throw new AsmException("unexpected character '" + c + "'");
            }
            int j = i;
            while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_' || s.charAt(j) == '.')) {
                j++;
            }
            out.add(s.substring(i, j));
            i = j;
        }
        return out;
    }

    // ------------------------------------------------------------------ parser

    private record RegTok(boolean wide, int num) {
        String text() {
            return (wide ? "r" : "w") + num;
        }
    }

    private record MemRef(int reg, int off) {
    }

    private static final class Parser {
        private final List<String> t;
        private int p;

        Parser(String s) {
            this.t = tokenize(s);
        }

        private String peek() {
            return p < t.size() ? t.get(p) : null;
        }

        private String peek(int ahead) {
            return p + ahead < t.size() ? t.get(p + ahead) : null;
        }

        private String next(String what) {
            if (p >= t.size()) {
                throw new AsmException("expected " + what + " but the line ends");
            }
            return t.get(p++);
        }

        private void expect(String tok) {
            String got = next("'" + tok + "'");
            if (!got.equals(tok)) {
                throw new AsmException("expected '" + tok + "', found '" + got + "'");
            }
        }

        private boolean accept(String tok) {
            if (tok.equals(peek())) {
                p++;
                return true;
            }
            return false;
        }

        private void end() {
            if (p < t.size()) {
                throw new AsmException("unexpected '" + t.get(p) + "' after the instruction");
            }
        }

        private static boolean isReg(String tok) {
            return tok != null && tok.matches("[rw](10|[0-9])");
        }

        private RegTok reg() {
            String tok = next("a register");
            if (!isReg(tok)) {
                if (tok.matches("[rw][0-9]+")) {
                    throw new AsmException("register " + tok + " out of range r0..r10");
                }
                throw new AsmException("expected a register, found '" + tok + "'");
            }
            return new RegTok(tok.charAt(0) == 'r', Integer.parseInt(tok.substring(1)));
        }

        private int r64(RegTok r, String role) {
            if (!r.wide()) {
                throw new AsmException(role + " must be a 64-bit register (r" + r.num() + "), found " + r.text());
            }
            return r.num();
        }

        private static boolean isNumber(String tok) {
            return tok != null && tok.matches("0[xX][0-9a-fA-F]+|[0-9]+");
        }

        /** An optionally signed number. */
        private BigInteger number(String what) {
            boolean neg = false;
            if (accept("-")) {
                neg = true;
            } else {
                accept("+");
            }
            String tok = next(what);
            if (!isNumber(tok)) {
                throw new AsmException("expected " + what + ", found '" + tok + "'");
            }
            BigInteger v = tok.length() > 2 && (tok.charAt(1) == 'x' || tok.charAt(1) == 'X')
                    ? new BigInteger(tok.substring(2), 16) : new BigInteger(tok);
            return neg ? v.negate() : v;
        }

        private static int fit32(BigInteger v, String what) {
            if (v.compareTo(BigInteger.valueOf(Integer.MIN_VALUE)) < 0 || v.compareTo(BigInteger.valueOf(0xffffffffL)) > 0) {
                throw new AsmException(what + " " + v + " does not fit in 32 bits");
            }
            return v.intValue();
        }

        private static int fitSigned32(BigInteger v, String what) {
            if (v.bitLength() > 31) {
                throw new AsmException(what + " " + v + " out of range -2147483648..2147483647");
            }
            return v.intValue();
        }

        private static int fit16(BigInteger v, String what) {
            if (v.bitLength() > 15) {
                throw new AsmException(what + " " + v + " out of 16-bit range -32768..32767");
            }
            return v.intValue();
        }

        private static long fit64(BigInteger v) {
            if (v.signum() < 0 ? v.bitLength() > 63 : v.bitLength() > 64) {
                throw new AsmException("value " + v + " does not fit in 64 bits");
            }
            return v.longValue();
        }

        private int imm32() {
            return fit32(number("an immediate"), "immediate");
        }

        /** {@code (u32 *)} or {@code (s8 *)}: returns the size; {@code signed[0]} tells the sign. */
        private Size sizeCast(boolean[] signed) {
            expect("(");
            String tok = next("a type like u32");
            Matcher m = Pattern.compile("([us])(8|16|32|64)").matcher(tok);
            if (!m.matches()) {
                throw new AsmException("expected a type u8, u16, u32, u64 (or s8, s16, s32), found '" + tok + "'");
            }
            if (signed != null) {
                signed[0] = m.group(1).equals("s");
            } else if (m.group(1).equals("s")) {
                throw new AsmException("a signed type " + tok + " is only valid in a load");
            }
            expect("*");
            expect(")");
            return Size.ofBits(Integer.parseInt(m.group(2)));
        }

        /** {@code r1 + 8} or {@code r10 - 8}, without parentheses. */
        private MemRef addr() {
            int reg = r64(reg(), "address register");
            int off = 0;
            if ("+".equals(peek()) || "-".equals(peek())) {
                boolean neg = next("+").equals("-");
                BigInteger v = number("an offset");
                off = fit16(neg ? v.negate() : v, "offset");
            }
            return new MemRef(reg, off);
        }

        private MemRef mem() {
            expect("(");
            MemRef m = addr();
            expect(")");
            return m;
        }

        /** A relative target: {@code +N}, {@code -N} or a label; returns the label or null and sets {@code rel}. */
        private Object target() {
            String tok = peek();
            if ("+".equals(tok) || "-".equals(tok)) {
                return fitSigned32(number("an offset"), "offset");
            }
            String name = next("a label or offset");
            if (!Asm.isValidSymbol(name)) {
                throw new AsmException("expected a label or +N/-N, found '" + name + "'");
            }
            return name;
        }

        private static Consumer<Ctx> emit(Insn i) {
            return c -> c.asm().insn(i);
        }

        private static Consumer<Ctx> emit(int opcode, int dst, int src, int off, int imm) {
            Insn i = new Insn(opcode, dst, src, off, imm);
            return emit(i);
        }

        /** A relative instruction: offset field set now, or label resolved by the builder. */
        private static Consumer<Ctx> emitRel(Insn base, Object target) {
            if (target instanceof Integer off) {
                return emit(base.withRelativeOffset(off));
            }
            String label = (String) target;
            return c -> c.asm().insn(base, label);
        }

        Consumer<Ctx> parse() {
            String first = peek();
            Consumer<Ctx> out;
            switch (first) {
                case "exit" -> {
                    p++;
                    out = emit(JMP | EXIT, 0, 0, 0, 0);
                }
                case "goto", "gotol" -> {
                    p++;
                    Object tgt = target();
                    out = emitRel(first.equals("goto") ? new Insn(JMP | JA, 0, 0, 0, 0) : new Insn(JMP32 | JA, 0, 0, 0, 0), tgt);
                }
                case "call" -> {
                    p++;
                    out = parseCall();
                }
                case "if" -> {
                    p++;
                    out = parseIf();
                }
                case "lock" -> {
                    p++;
                    out = parseLock();
                }
                case "*" -> {
                    p++;
                    out = parseStore();
                }
                case "ld_pseudo" -> {
                    p++;
                    int dst = r64(reg(), "destination");
                    expect(",");
                    int pseudo = fit32(number("a pseudo source"), "pseudo source");
                    expect(",");
                    int imm = imm32();
                    out = emit(Insn.ldImm64(dst, pseudo, imm & 0xffffffffL));
                }
                default -> {
                    if (!isReg(first) && (first == null || !first.matches("[rw][0-9]+"))) {
                        throw new AsmException("unknown instruction '" + first + "'");
                    }
                    out = parseAssign();
                }
            }
            end();
            return out;
        }

        private Consumer<Ctx> parseCall() {
            String tok = peek();
            if ("pc".equals(tok) && ("+".equals(peek(1)) || "-".equals(peek(1)))) {
                p++;
                int off = fitSigned32(number("an offset"), "offset");
                return emit(JMP | CALL, 0, PSEUDO_CALL, 0, off);
            }
            if (("func".equals(tok) || "kfunc".equals(tok)) && "(".equals(peek(1)) && peek(2) != null
                    && Asm.isValidSymbol(peek(2))) {
                p += 2;
                String name = next("a function name");
                expect(")");
                return "func".equals(tok) ? c -> c.asm().callFunction(name) : c -> c.asm().callKfunc(name);
            }
            if ("kfunc".equals(tok) && "(".equals(peek(1))) {
                p += 2;
                int id = imm32();
                int idx = 0;
                if (accept(",")) {
                    idx = fit16(number("an fd_array index"), "fd_array index");
                }
                expect(")");
                return emit(JMP | CALL, 0, PSEUDO_KFUNC_CALL, idx, id);
            }
            if ("-".equals(tok) || "+".equals(tok) || isNumber(tok)) {
                int n = fitSigned32(number("a helper number"), "call target");
                return n < 0 ? emit(JMP | CALL, 0, PSEUDO_CALL, 0, n) : emit(JMP | CALL, 0, CALL_HELPER, 0, n);
            }
            String name = next("a helper or label");
            if (!Asm.isValidSymbol(name)) {
                throw new AsmException("expected a helper number, helper name or label after call, found '" + name + "'");
            }
            return c -> {
                if (c.labels().contains(name)) {
                    c.asm().call(name);
                } else {
                    Helper h = Helper.byName(name).orElseThrow(() ->
                            new AsmException("'" + name + "' is neither a label of this program nor a helper name"));
                    c.asm().call(h);
                }
            };
        }

        private Consumer<Ctx> parseIf() {
            RegTok d = reg();
            String opTok = next("a comparison");
            Cond cond = Cond.ofOperator(opTok);
            if (cond == null) {
                throw new AsmException("unknown comparison '" + opTok + "'");
            }
            int cls = d.wide() ? JMP : JMP32;
            Insn base;
            if (isReg(peek())) {
                RegTok s = reg();
                if (s.wide() != d.wide()) {
                    throw new AsmException("compare mixes " + d.text() + " and " + s.text() + ": use both r (64-bit) or both w (32-bit)");
                }
                base = new Insn(cls | cond.code() | X, d.num(), s.num(), 0, 0);
            } else {
                base = new Insn(cls | cond.code() | K, d.num(), 0, 0, imm32());
            }
            expect("goto");
            return emitRel(base, target());
        }

        private static final String[] ATOMIC_OPS = {"+=", "|=", "&=", "^="};
        private static final int[] ATOMIC_CODES = {ADD, OR, AND, XOR};

        private Consumer<Ctx> parseLock() {
            expect("*");
            Size size = sizeCast(null);
            MemRef m = mem();
            String op = next("an atomic operator");
            int code = -1;
            for (int k = 0; k < ATOMIC_OPS.length; k++) {
                if (ATOMIC_OPS[k].equals(op)) {
                    code = ATOMIC_CODES[k];
                }
            }
            if (code < 0) {
                throw new AsmException("unknown atomic operator '" + op + "' (+= |= &= ^=)");
            }
            RegTok s = atomicReg(size, reg());
            return emit(STX | ATOMIC | size.code(), m.reg(), s.num(), m.off(), code);
        }

        private RegTok atomicReg(Size size, RegTok r) {
            if (size != Size.W && size != Size.DW) {
                throw new AsmException("atomic operations are 32- or 64-bit only, not " + size.bits() + "-bit");
            }
            if (size == Size.DW && !r.wide()) {
                throw new AsmException("64-bit atomic needs an r register, found " + r.text());
            }
            return r;
        }

        private Consumer<Ctx> parseStore() {
            Size size = sizeCast(null);
            MemRef m = mem();
            expect("=");
            if (isReg(peek())) {
                RegTok s = reg();
                if (!s.wide() && size == Size.DW) {
                    throw new AsmException("64-bit store of a w register");
                }
                return emit(STX | MEM | size.code(), m.reg(), s.num(), m.off(), 0);
            }
            return emit(ST | MEM | size.code(), m.reg(), 0, m.off(), imm32());
        }

        private static final String[] ALU_OPS = {"+=", "-=", "*=", "/=", "s/=", "|=", "&=", "<<=", ">>=", "%=", "s%=", "^=", "s>>="};
        private static final int[] ALU_CODES = {ADD, SUB, MUL, DIV, DIV, OR, AND, LSH, RSH, MOD, MOD, XOR, ARSH};

        private Consumer<Ctx> parseAssign() {
            RegTok d = reg();
            String op = next("an operator");
            int cls = d.wide() ? ALU64 : ALU;
            for (int k = 0; k < ALU_OPS.length; k++) {
                if (ALU_OPS[k].equals(op)) {
                    int off = op.startsWith("s/") || op.startsWith("s%") ? 1 : 0;
                    if (peek() == null) {
                        throw new AsmException("expected a register or an immediate after '" + op + "'");
                    }
                    if (isReg(peek())) {
                        RegTok s = reg();
                        sameWidth(d, s);
                        return emit(cls | ALU_CODES[k] | X, d.num(), s.num(), off, 0);
                    }
                    return emit(cls | ALU_CODES[k] | K, d.num(), 0, off, imm32());
                }
            }
            if (!op.equals("=")) {
                throw new AsmException("unknown operator '" + op + "'");
            }
            String tok = peek();
            if (tok == null) {
                throw new AsmException("expected a value after '='");
            }
            if (tok.equals("*")) {
                p++;
                return parseLoad(d);
            }
            if (tok.equals("-") && isReg(peek(1))) {
                p++;
                RegTok s = reg();
                if (!s.equals(d)) {
                    throw new AsmException("neg must use the same register on both sides, found " + d.text() + " and " + s.text());
                }
                return emit(cls | NEG, d.num(), 0, 0, 0);
            }
            if (tok.equals("(")) {
                p++;
                String ty = next("a type");
                if (!ty.matches("s(8|16|32)")) {
                    throw new AsmException("expected (s8), (s16) or (s32), found '(" + ty + "'");
                }
                expect(")");
                RegTok s = reg();
                sameWidth(d, s);
                return emit(cls | MOV | X, d.num(), s.num(), Integer.parseInt(ty.substring(1)), 0);
            }
            if (isReg(tok)) {
                RegTok s = reg();
                sameWidth(d, s);
                return emit(cls | MOV | X, d.num(), s.num(), 0, 0);
            }
            Matcher end = Pattern.compile("(be|le|bswap)([0-9]+)").matcher(tok);
            if (end.matches()) {
                p++;
                RegTok s = reg();
                if (s.num() != d.num()) {
                    throw new AsmException("byte swap must use the same register on both sides, found " + d.text() + " and " + s.text());
                }
                int opc = switch (end.group(1)) {
                    case "be" -> ALU | END | TO_BE;
                    case "le" -> ALU | END | TO_LE;
                    default -> ALU64 | END;
                };
                return emit(opc, d.num(), 0, 0, Integer.parseInt(end.group(2)));
            }
            if (tok.startsWith("atomic_fetch_")) {
                return parseFetch(d);
            }
            if (tok.equals("xchg_64") || tok.equals("xchg32_32")) {
                p++;
                Size size = tok.equals("xchg_64") ? Size.DW : Size.W;
                expect("(");
                MemRef m = addr();
                expect(",");
                RegTok s = atomicReg(size, reg());
                expect(")");
                if (s.num() != d.num()) {
                    throw new AsmException("xchg returns into its source register: write " + s.text() + " = ...");
                }
                return emit(STX | ATOMIC | size.code(), m.reg(), s.num(), m.off(), XCHG);
            }
            if (tok.equals("cmpxchg_64") || tok.equals("cmpxchg32_32")) {
                p++;
                Size size = tok.equals("cmpxchg_64") ? Size.DW : Size.W;
                expect("(");
                MemRef m = addr();
                expect(",");
                RegTok old = reg();
                expect(",");
                RegTok s = atomicReg(size, reg());
                expect(")");
                if (d.num() != 0 || old.num() != 0) {
                    throw new AsmException("cmpxchg compares with and returns into r0: write r0 = cmpxchg_64(rX + off, r0, rY)");
                }
                return emit(STX | ATOMIC | size.code(), m.reg(), s.num(), m.off(), CMPXCHG);
            }
            if (tok.matches("map|map_fd|map_value|map_idx|map_idx_value|btf_id|func|ksym") && "(".equals(peek(1))) {
                return parsePseudo(d);
            }
            BigInteger v = number("a value");
            if (accept("ll")) {
                long value = fit64(v);
                return emit(Insn.ldImm64(r64(d, "ld_imm64 destination"), 0, value));
            }
            return emit(cls | MOV | K, d.num(), 0, 0, fit32(v, "immediate"));
        }

        private void sameWidth(RegTok d, RegTok s) {
            if (d.wide() != s.wide()) {
                throw new AsmException("operation mixes " + d.text() + " and " + s.text() + ": use both r (64-bit) or both w (32-bit)");
            }
        }

        private Consumer<Ctx> parseLoad(RegTok d) {
            boolean[] signed = new boolean[1];
            Size size = sizeCast(signed);
            if (signed[0] && size == Size.DW) {
                throw new AsmException("no sign-extending 64-bit load: use u64");
            }
            if (!d.wide() && size == Size.DW) {
                throw new AsmException("64-bit load into a w register");
            }
            if ("skb".equals(peek())) {
                p++;
                if (signed[0] || size == Size.DW) {
                    throw new AsmException("legacy packet loads are u8, u16 or u32");
                }
                if (d.num() != 0) {
                    throw new AsmException("legacy packet loads always load into r0");
                }
                expect("[");
                Consumer<Ctx> out;
                if (isReg(peek())) {
                    int src = r64(reg(), "index register");
                    int imm = 0;
                    if ("+".equals(peek()) || "-".equals(peek())) {
                        boolean neg = next("+").equals("-");
                        BigInteger v = number("an offset");
                        imm = fitSigned32(neg ? v.negate() : v, "offset");
                    }
                    out = emit(LD | IND | size.code(), 0, src, 0, imm);
                } else {
                    out = emit(LD | ABS | size.code(), 0, 0, 0, imm32());
                }
                expect("]");
                return out;
            }
            MemRef m = mem();
            return emit(LDX | (signed[0] ? MEMSX : MEM) | size.code(), d.num(), m.reg(), m.off(), 0);
        }

        private Consumer<Ctx> parseFetch(RegTok d) {
            String tok = next("atomic_fetch_*");
            int code = switch (tok) {
                case "atomic_fetch_add" -> ADD;
                case "atomic_fetch_or" -> OR;
                case "atomic_fetch_and" -> AND;
                case "atomic_fetch_xor" -> XOR;
                default -> throw new AsmException("unknown atomic operation '" + tok + "'");
            };
            expect("(");
            Size size = sizeCast(null);
            MemRef m = mem();
            expect(",");
            RegTok s = atomicReg(size, reg());
            expect(")");
            if (s.num() != d.num()) {
                throw new AsmException(tok + " returns into its source register: write " + s.text() + " = ...");
            }
            return emit(STX | ATOMIC | size.code(), m.reg(), s.num(), m.off(), code | FETCH);
        }

        private Consumer<Ctx> parsePseudo(RegTok d) {
            int dst = r64(d, "ld_imm64 destination");
            String kind = next("a pseudo source");
            expect("(");
            Consumer<Ctx> out;
            switch (kind) {
                case "map", "map_value" -> {
                    String tok = peek();
                    String name = tok != null && Asm.isValidSymbol(tok) ? next("a map name") : null;
                    int fd = name == null ? imm32() : 0;
                    int off = 0;
                    if (kind.equals("map_value")) {
                        expect(",");
                        off = imm32();
                    }
                    Reg r = Reg.of(dst);
                    int o = off;
                    if (name != null) {
                        out = kind.equals("map") ? c -> c.asm().ldMapFd(r, name) : c -> c.asm().ldMapValue(r, name, o);
                    } else {
                        out = kind.equals("map") ? c -> c.asm().ldMapFd(r, fd) : c -> c.asm().ldMapValue(r, fd, o);
                    }
                }
                case "map_fd" -> out = emit(Insn.ldImm64(dst, PSEUDO_MAP_FD, imm32() & 0xffffffffL));
                case "map_idx" -> out = emit(Insn.ldImm64(dst, PSEUDO_MAP_IDX, imm32() & 0xffffffffL));
                case "map_idx_value" -> {
                    int idx = imm32();
                    expect(",");
                    int off = imm32();
                    out = emit(Insn.ldImm64(dst, PSEUDO_MAP_IDX_VALUE, ((long) off << 32) | (idx & 0xffffffffL)));
                }
                case "btf_id" -> {
                    long id = imm32() & 0xffffffffL;
                    long btfFd = accept(",") ? imm32() & 0xffffffffL : 0;
                    out = emit(Insn.ldImm64(dst, PSEUDO_BTF_ID, btfFd << 32 | id));
                }
                case "ksym" -> {
                    String name = next("a kernel symbol");
                    out = c -> c.asm().ldKsym(Reg.of(dst), name);
                }
                default -> {
                    Object t = target();
                    out = t instanceof String name ? c -> c.asm().ldFunc(Reg.of(dst), name)
                            : emitRel(Insn.ldImm64(dst, PSEUDO_FUNC, 0), t);
                }
            }
            expect(")");
            expect("ll");
            return out;
        }
    }
}
