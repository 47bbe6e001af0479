package io.jnetkit.btf;

import io.jnetkit.asm.AsmException;
import io.jnetkit.asm.Insn;
import io.jnetkit.asm.Instructions;

import java.util.ArrayList;
import java.util.List;

import static io.jnetkit.btf.BtfTypes.*;

/**
 * CO-RE ("compile once, run everywhere"): rewrites the instructions clang marked in
 * {@code .BTF.ext} so that field offsets and sizes, type ids and sizes, existence checks and
 * enum values match the target kernel's BTF instead of the object's own — what libbpf does in
 * {@code bpf_object__relocate_core}. Kernel-free: the target is a {@link CoreTargets}.
 *
 * <p>The rules, as libbpf applies them:
 * <ul>
 *   <li>Candidates are target types with the same <em>essential name</em> (the name without a
 *       {@code ___flavor} suffix) and a compatible kind (ENUM and ENUM64 are compatible).</li>
 *   <li>Fields match by name, looking through anonymous structs and unions; array indexes must
 *       be in bounds (a flexible array member has none); field types must be compatible (any
 *       struct/union with any struct/union, integers with integers, pointers with pointers,
 *       enums and forward declarations by essential name, arrays by element).</li>
 *   <li>Several matching candidates must agree on the result; otherwise the relocation is
 *       ambiguous and the load fails.</li>
 *   <li>A relocation with no matching candidate does not fail by itself: existence checks give
 *       0, and anything else <em>poisons</em> its instruction (an invalid helper call,
 *       {@link #POISON_HELPER}), so the load fails only when the verifier reaches it — a field
 *       read behind a failed existence check is dead code.</li>
 *   <li>A load or store whose field changed size is resized only for pointers and unsigned
 *       integers; anything else is poisoned.</li>
 * </ul>
 */
public final class Core {
    /** The helper number a poisoned instruction calls (libbpf's 0xbad2310), for finding it in a verifier log. */
    public static final int POISON_HELPER = 0xbad2310;
    private static final int MAX_SPEC = 64;

    private Core() {}

    /** A relocation that found no target: its instruction now calls {@link #POISON_HELPER}. */
    public record Poisoned(CoreRelocation relocation, String reason) {}

    /** The relocated instructions (references and labels kept) and the relocations that were poisoned. */
    public record Result(Instructions instructions, List<Poisoned> poisoned) {
        /** The poisoned relocation at {@code instruction}, or null. */
        public Poisoned poisonedAt(int instruction) {
            for (Poisoned p : poisoned) {
                if (p.relocation.instruction() == instruction) return p;
            }
            return null;
        }
    }

    /** An accessor: a member (name set) of composite {@code typeId}, or an index into an array of {@code typeId}. */
    private record Acc(int typeId, int idx, String name) {}

    private static final class Spec {
        final BtfTypes btf;
        int rootId;
        final List<Acc> acc = new ArrayList<>();
        final List<Integer> raw = new ArrayList<>();
        long bitOffset;

        Spec(BtfTypes btf, int rootId) {
            this.btf = btf;
            this.rootId = rootId;
        }
    }

    /** What one side (local or target) says: the value, and for field offsets the field's size and type. */
    private record Calc(boolean poison, long value, long size, BtfTypes btf, int typeId, boolean validate) {
        Calc(boolean poison, long value, boolean validate) {
            this(poison, value, 0, null, 0, validate);
        }
    }

    /**
     * Applies {@code relocations} (by slot) to {@code instructions}, giving new instructions with
     * the same references and labels: relocation never changes the slot layout (a poisoned
     * {@code ld_imm64} becomes two poisoned calls).
     *
     * @param local the object's own BTF (the relocations' type ids point into it)
     * @throws BtfException for a malformed relocation, an ambiguous match, or an instruction that
     *                      does not hold what clang said it would
     */
    public static Result apply(Instructions instructions, List<CoreRelocation> relocations, BtfTypes local,
                               CoreTargets targets) {
        // The instruction starting at each slot (null for an ld_imm64's second half).
        Insn[] slots = new Insn[instructions.slotCount()];
        for (int k = 0; k < instructions.insns().size(); k++) slots[instructions.slotOf(k)] = instructions.insns().get(k);
        List<Poisoned> poisoned = new ArrayList<>();
        for (CoreRelocation r : relocations) {
            try {
                String why = applyOne(slots, r, local, targets);
                if (why != null) poisoned.add(new Poisoned(r, why));
            } catch (BtfException e) {
                throw new BtfException("CO-RE relocation at insn " + r.instruction() + " (" + r.describe() + "): "
                        + e.getMessage(), e);
            } catch (AsmException e) {
                throw new BtfException("CO-RE relocation at insn " + r.instruction() + " (" + r.describe() + "): "
                        + "the relocated instruction is not valid: " + e.getMessage(), e);
            }
        }
        List<Insn> out = new ArrayList<>(instructions.insns().size());
        for (Insn i : slots) {
            if (i != null) out.add(i);
        }
        return new Result(new Instructions(out, instructions.references(), instructions.labels()), List.copyOf(poisoned));
    }

    /** Relocates one instruction; returns why it was poisoned, or null. */
    private static String applyOne(Insn[] insns, CoreRelocation r, BtfTypes local, CoreTargets targets) {
        int at = r.instruction();
        if (at < 0 || at >= insns.length) throw new BtfException("instruction index out of range (" + insns.length + " instructions)");
        if (insns[at] == null) throw new BtfException("instruction index is the second half of an ld_imm64");
        Spec localSpec = parseSpec(local, r.typeId(), r.accessString(), r.kind());
        Calc orig = calc(r.kind(), localSpec);
        Calc target;
        String why = null;
        if (r.kind() == CoreKind.TYPE_ID_LOCAL) {
            target = new Calc(false, localSpec.rootId, false);
            orig = new Calc(false, localSpec.rootId, false);
        } else {
            String name = local.name(r.typeId());
            if (name.isEmpty()) throw new BtfException("relocation against an anonymous type is not supported");
            Spec match = null;
            Calc matched = null;
            int matches = 0;
            List<CoreTargets.Candidate> candidates = targets.candidates(BtfTypes.essentialName(name), local.kind(r.typeId()));
            for (CoreTargets.Candidate c : candidates) {
                Spec cand = match(localSpec, c.btf(), c.id(), r.kind());
                if (cand == null) continue;
                Calc res = calc(r.kind(), cand);
                if (match == null) {
                    match = cand;
                    matched = res;
                } else if (cand.bitOffset != match.bitOffset) {
                    throw new BtfException("field offset ambiguity: " + c.btf().describe(match.rootId) + " #"
                            + match.rootId + " at bit " + match.bitOffset + ", #" + c.id() + " at bit " + cand.bitOffset);
                } else if (res.poison != matched.poison || res.value != matched.value) {
                    throw new BtfException("ambiguous: candidates #" + match.rootId + " and #" + c.id() + " give "
                            + matched.value + " and " + res.value);
                }
                matches++;
            }
            if (matches == 0) {
                target = calc(r.kind(), null);
                if (target.poison) why = unmatched(local, localSpec, r.kind(), name, !candidates.isEmpty());
            } else {
                target = matched;
            }
        }
        if (!target.poison && orig.size != target.size && isMemory(insns[at]) && !resizable(orig, target)) {
            why = "field size changed from " + orig.size + " to " + target.size + " bytes";
            target = new Calc(true, 0, false);
        }
        if (target.poison) {
            if (why == null) why = "the relocation cannot be satisfied";
            poison(insns, at);
            return why;
        }
        patch(insns, at, orig, target);
        return null;
    }

    /** Says what the target lacks: the type, the field path, or the enumerator. */
    private static String unmatched(BtfTypes local, Spec spec, CoreKind kind, String name, boolean typeFound) {
        String kindWord = switch (local.kind(spec.rootId)) {
            case KIND_STRUCT -> "struct ";
            case KIND_UNION -> "union ";
            case KIND_ENUM, KIND_ENUM64 -> "enum ";
            case KIND_TYPEDEF -> "typedef ";
            default -> "";
        };
        String type = kindWord + BtfTypes.essentialName(name);
        if (!typeFound) return "the target has no " + type;
        if (kind.enumBased()) return "the target has no enumerator " + BtfTypes.essentialName(spec.acc.getFirst().name()) + " in " + type;
        if (kind.typeBased()) return "the target has no type compatible with " + type;
        StringBuilder path = new StringBuilder();
        for (Acc a : spec.acc.subList(1, spec.acc.size())) {
            if (a.name() != null) path.append(path.isEmpty() ? "" : ".").append(a.name());
            else path.append('[').append(a.idx()).append(']');
        }
        return "the target's " + type + " has no field " + path + " of a compatible type";
    }

    private static boolean isMemory(Insn insn) {
        int cls = insn.cls();
        return cls == 1 || cls == 2 || cls == 3;
    }

    /** libbpf resizes a load/store only between two pointers or two unsigned integers. */
    private static boolean resizable(Calc orig, Calc target) {
        if (orig.btf == null || target.btf == null) return false;
        int lk = orig.btf.kind(orig.typeId), tk = target.btf.kind(target.typeId);
        if (lk == KIND_PTR && tk == KIND_PTR) return true;
        return lk == KIND_INT && tk == KIND_INT && (orig.btf.intEncoding(orig.typeId) & INT_SIGNED) == 0
                && (target.btf.intEncoding(target.typeId) & INT_SIGNED) == 0;
    }

    // ------------------------------------------------------------------ instructions

    private static final int LD_IMM64 = 0x18;

    /** Replaces the instruction (both slots of an ld_imm64) by a call to helper {@link #POISON_HELPER}. */
    private static void poison(Insn[] insns, int at) {
        Insn call = new Insn(0x85, 0, 0, 0, POISON_HELPER);
        if (insns[at].isWide() && at + 1 < insns.length) insns[at + 1] = call;
        insns[at] = call;
    }

    private static void patch(Insn[] insns, int at, Calc orig, Calc target) {
        Insn insn = insns[at];
        int code = insn.opcode();
        int cls = code & 7;
        long value = target.value;
        switch (cls) {
            case 4, 7 -> { // ALU, ALU64: the immediate
                if ((code & 0x08) != 0) throw new BtfException("ALU instruction 0x" + Integer.toHexString(code) + " has no immediate");
                int imm = insn.imm();
                if (orig.validate && imm != (int) orig.value) {
                    throw new BtfException("unexpected instruction value " + imm + " (clang's " + orig.value + ")");
                }
                insns[at] = insn.withImm((int) value);
            }
            case 1, 2, 3 -> { // LDX, ST, STX: the offset, and the access size when the field's changed
                int off = insn.off();
                if (orig.validate && off != orig.value) {
                    throw new BtfException("unexpected instruction offset " + off + " (clang's " + orig.value + ")");
                }
                if (value > Short.MAX_VALUE) throw new BtfException("offset " + value + " does not fit an instruction");
                int newCode = code;
                if (orig.size != target.size) {
                    int have = sizeBytes(code);
                    if (have != orig.size) throw new BtfException("unexpected access size " + have + " (field is " + orig.size + " bytes)");
                    int bits = switch ((int) target.size) {
                        case 1 -> 0x10;
                        case 2 -> 0x08;
                        case 4 -> 0x00;
                        case 8 -> 0x18;
                        default -> throw new BtfException("field size " + target.size + " is no load size");
                    };
                    newCode = code & ~0x18 | bits;
                }
                insns[at] = new Insn(newCode, insn.dst(), insn.src(), (short) value, insn.imm());
            }
            case 0 -> { // ld_imm64: both halves
                if (!insn.isWide() || insn.src() != 0) {
                    throw new BtfException("instruction 0x" + Integer.toHexString(code) + " is not a plain ld_imm64");
                }
                long imm = insn.imm64();
                if (orig.validate && imm != orig.value) {
                    throw new BtfException("unexpected instruction value " + imm + " (clang's " + orig.value + ")");
                }
                insns[at] = Insn.ldImm64(insn.dst(), 0, value);
            }
            default -> throw new BtfException("instruction 0x" + Integer.toHexString(code) + " cannot be relocated");
        }
    }

    private static int sizeBytes(int code) {
        return switch (code & 0x18) {
            case 0x00 -> 4;
            case 0x08 -> 2;
            case 0x10 -> 1;
            default -> 8;
        };
    }

    // ------------------------------------------------------------------ specs

    private static Spec parseSpec(BtfTypes btf, int typeId, String access, CoreKind kind) {
        if (access.isEmpty()) throw new BtfException("empty access string");
        List<Integer> raw = new ArrayList<>();
        for (String part : access.split(":", -1)) {
            try {
                int v = Integer.parseInt(part);
                if (v < 0) throw new NumberFormatException();
                raw.add(v);
            } catch (NumberFormatException e) {
                throw new BtfException("malformed access string \"" + access + "\"");
            }
        }
        if (raw.size() > MAX_SPEC) throw new BtfException("access string is longer than " + MAX_SPEC);
        if (typeId <= 0 || typeId > btf.maxId()) throw new BtfException("type id " + typeId + " is out of range");
        Spec spec = new Spec(btf, typeId);
        spec.raw.addAll(raw);
        if (kind.typeBased()) {
            if (raw.size() != 1 || raw.getFirst() != 0) throw new BtfException("type relocation with access string \"" + access + "\" (expected 0)");
            return spec;
        }
        int id = btf.skipModsAndTypedefs(typeId);
        if (kind.enumBased()) {
            int k = btf.kind(id);
            if (k != KIND_ENUM && k != KIND_ENUM64) throw new BtfException("enum relocation against " + btf.describe(id));
            List<EnumValue> values = btf.enumValues(id);
            if (raw.size() != 1 || raw.getFirst() >= values.size()) throw new BtfException("enumerator " + access + " is out of range");
            spec.acc.add(new Acc(id, raw.getFirst(), values.get(raw.getFirst()).name()));
            return spec;
        }
        spec.acc.add(new Acc(id, raw.getFirst(), null));
        spec.bitOffset = raw.getFirst() * btf.sizeOf(id) * 8;
        for (int i = 1; i < raw.size(); i++) {
            id = btf.skipModsAndTypedefs(id);
            int idx = raw.get(i);
            int k = btf.kind(id);
            if (k == KIND_STRUCT || k == KIND_UNION) {
                List<Member> ms = btf.members(id);
                if (idx >= ms.size()) throw new BtfException("member " + idx + " of " + btf.describe(id) + " is out of range");
                Member m = ms.get(idx);
                spec.bitOffset += m.bitOffset();
                if (!m.name().isEmpty()) spec.acc.add(new Acc(id, idx, m.name()));
                id = m.type();
            } else if (k == KIND_ARRAY) {
                Array a = btf.array(id);
                boolean flex = isFlex(btf, spec.acc.getLast(), a);
                id = btf.skipModsAndTypedefs(a.elemType());
                if (!flex && idx >= a.nelems()) throw new BtfException("index " + idx + " of " + btf.describe(a.elemType()) + "[" + a.nelems() + "] is out of range");
                spec.acc.add(new Acc(id, idx, null));
                spec.bitOffset += idx * btf.sizeOf(id) * 8;
            } else {
                throw new BtfException("access " + idx + " into " + btf.describe(id) + ", which is neither struct, union nor array");
            }
        }
        return spec;
    }

    /** An array that is the last member of its struct, declared without a size. */
    private static boolean isFlex(BtfTypes btf, Acc prev, Array a) {
        return prev.name() != null && a.nelems() == 0 && prev.idx() == btf.vlen(prev.typeId()) - 1;
    }

    /** The target spec when candidate {@code targId} matches the local spec, else null. */
    private static Spec match(Spec local, BtfTypes tb, int targId, CoreKind kind) {
        Spec t = new Spec(tb, targId);
        if (kind.typeBased()) {
            boolean ok = kind == CoreKind.TYPE_MATCHES ? typesMatch(local.btf, local.rootId, tb, targId, false, 32)
                    : typesCompatible(local.btf, local.rootId, tb, targId, 32);
            return ok ? t : null;
        }
        if (kind.enumBased()) {
            int id = tb.skipModsAndTypedefs(targId);
            int k = tb.kind(id);
            if (k != KIND_ENUM && k != KIND_ENUM64) return null;
            String want = BtfTypes.essentialName(local.acc.getFirst().name());
            List<EnumValue> values = tb.enumValues(id);
            for (int i = 0; i < values.size(); i++) {
                if (BtfTypes.essentialName(values.get(i).name()).equals(want)) {
                    t.acc.add(new Acc(id, i, values.get(i).name()));
                    t.raw.add(i);
                    return t;
                }
            }
            return null;
        }
        int id = targId;
        for (int i = 0; i < local.acc.size(); i++) {
            Acc la = local.acc.get(i);
            if (i > 0 && la.name() != null) {
                int[] next = new int[1];
                if (!matchMember(local.btf, la, tb, id, t, next, 0)) return null;
                id = next[0];
                continue;
            }
            if (i > 0) {
                int arr = tb.skipModsAndTypedefs(id);
                if (tb.kind(arr) != KIND_ARRAY) return null;
                Array a = tb.array(arr);
                boolean flex = isFlex(tb, t.acc.getLast(), a);
                if (!flex && la.idx() >= a.nelems()) return null;
                id = tb.skipModsAndTypedefs(a.elemType());
            }
            if (t.raw.size() >= MAX_SPEC) throw new BtfException("nesting too deep");
            t.acc.add(new Acc(id, la.idx(), null));
            t.raw.add(la.idx());
            t.bitOffset += la.idx() * tb.sizeOf(id) * 8;
        }
        return t;
    }

    /** Finds local member {@code la} in target composite {@code targId}, through anonymous members. */
    private static boolean matchMember(BtfTypes lb, Acc la, BtfTypes tb, int targId, Spec spec, int[] next, int depth) {
        if (depth > MAX_SPEC) throw new BtfException("nesting too deep");
        Member lm = lb.members(la.typeId()).get(la.idx());
        int tid = tb.skipModsAndTypedefs(targId);
        int k = tb.kind(tid);
        if (k != KIND_STRUCT && k != KIND_UNION) return false;
        List<Member> ms = tb.members(tid);
        for (int i = 0; i < ms.size(); i++) {
            Member m = ms.get(i);
            if (spec.raw.size() >= MAX_SPEC) throw new BtfException("nesting too deep");
            spec.bitOffset += m.bitOffset();
            spec.raw.add(i);
            if (m.name().isEmpty()) {
                if (matchMember(lb, la, tb, m.type(), spec, next, depth + 1)) return true;
            } else if (m.name().equals(la.name())) {
                next[0] = m.type();
                if (fieldsCompatible(lb, lm.type(), tb, m.type())) {
                    spec.acc.add(new Acc(tid, i, m.name()));
                    return true;
                }
                spec.bitOffset -= m.bitOffset();
                spec.raw.removeLast();
                return false;
            }
            spec.bitOffset -= m.bitOffset();
            spec.raw.removeLast();
        }
        return false;
    }

    /** libbpf's kind compatibility: the same kind, or ENUM with ENUM64. */
    static boolean kindsCompatible(int a, int b) {
        return a == b || (a == KIND_ENUM || a == KIND_ENUM64) && (b == KIND_ENUM || b == KIND_ENUM64);
    }

    private static boolean composite(int k) {
        return k == KIND_STRUCT || k == KIND_UNION;
    }

    private static boolean fieldsCompatible(BtfTypes lb, int lid, BtfTypes tb, int tid) {
        for (int depth = 0; depth < 32; depth++) {
            lid = lb.skipModsAndTypedefs(lid);
            tid = tb.skipModsAndTypedefs(tid);
            int lk = lb.kind(lid), tk = tb.kind(tid);
            if (composite(lk) && composite(tk)) return true;
            if (!kindsCompatible(lk, tk)) return false;
            switch (lk) {
                case KIND_PTR, KIND_FLOAT -> {
                    return true;
                }
                case KIND_FWD, KIND_ENUM, KIND_ENUM64 -> {
                    return BtfTypes.essentialName(lb.name(lid)).equals(BtfTypes.essentialName(tb.name(tid)));
                }
                case KIND_INT -> {
                    return lb.intOffset(lid) == 0 && tb.intOffset(tid) == 0;
                }
                case KIND_ARRAY -> {
                    lid = lb.array(lid).elemType();
                    tid = tb.array(tid).elemType();
                }
                default -> {
                    return false;
                }
            }
        }
        return false;
    }

    private static boolean typesCompatible(BtfTypes lb, int lid, BtfTypes tb, int tid, int depth) {
        while (depth-- > 0) {
            lid = lb.skipModsAndTypedefs(lid);
            tid = tb.skipModsAndTypedefs(tid);
            int lk = lb.kind(lid), tk = tb.kind(tid);
            if (!kindsCompatible(lk, tk)) return false;
            switch (lk) {
                case KIND_UNKN, KIND_STRUCT, KIND_UNION, KIND_ENUM, KIND_ENUM64, KIND_FWD -> {
                    return true;
                }
                case KIND_INT -> {
                    return lb.intOffset(lid) == 0 && tb.intOffset(tid) == 0;
                }
                case KIND_PTR -> {
                    lid = lb.ref(lid);
                    tid = tb.ref(tid);
                }
                case KIND_ARRAY -> {
                    lid = lb.array(lid).elemType();
                    tid = tb.array(tid).elemType();
                }
                case KIND_FUNC_PROTO -> {
                    List<Param> lp = lb.params(lid), tp = tb.params(tid);
                    if (lp.size() != tp.size()) return false;
                    for (int i = 0; i < lp.size(); i++) {
                        if (!typesCompatible(lb, lp.get(i).type(), tb, tp.get(i).type(), depth)) return false;
                    }
                    lid = lb.ref(lid);
                    tid = tb.ref(tid);
                }
                default -> {
                    return false;
                }
            }
        }
        throw new BtfException("type nesting too deep");
    }

    /** bpf_core_type_matches: names, kinds and layouts agree (stricter than compatible). */
    private static boolean typesMatch(BtfTypes lb, int lid, BtfTypes tb, int tid, boolean behindPtr, int depth) {
        if (depth <= 0) throw new BtfException("type nesting too deep");
        lid = lb.skipModsAndTypedefs(lid);
        tid = tb.skipModsAndTypedefs(tid);
        String ln = lb.name(lid);
        if (!ln.isEmpty() && !BtfTypes.essentialName(ln).equals(BtfTypes.essentialName(tb.name(tid)))) return false;
        int lk = lb.kind(lid), tk = tb.kind(tid);
        switch (lk) {
            case KIND_UNKN, KIND_FLOAT -> {
                return lk == tk && (lk == KIND_UNKN || lb.size(lid) == tb.size(tid));
            }
            case KIND_FWD -> {
                boolean lf = lb.kindFlag(lid);
                if (!behindPtr || lk == tk) return lk == tk && lf == tb.kindFlag(tid);
                return tk == KIND_STRUCT ? !lf : tk == KIND_UNION && lf;
            }
            case KIND_ENUM, KIND_ENUM64 -> {
                if (tk != KIND_ENUM && tk != KIND_ENUM64 || lb.size(lid) != tb.size(tid)) return false;
                List<EnumValue> tv = tb.enumValues(tid);
                for (EnumValue v : lb.enumValues(lid)) {
                    String e = BtfTypes.essentialName(v.name());
                    if (tv.stream().noneMatch(x -> BtfTypes.essentialName(x.name()).equals(e))) return false;
                }
                return true;
            }
            case KIND_STRUCT, KIND_UNION -> {
                if (behindPtr) {
                    if (lk == tk) return true;
                    if (tk != KIND_FWD) return false;
                    return (lk == KIND_UNION) == tb.kindFlag(tid);
                }
                if (lk != tk) return false;
                // Each local member needs a target member of the same name (an anonymous one: any
                // anonymous member) whose type matches.
                List<Member> tm = tb.members(tid);
                for (Member m : lb.members(lid)) {
                    boolean found = false;
                    for (Member x : tm) {
                        if (m.name().isEmpty() != x.name().isEmpty() || !m.name().isEmpty() && !m.name().equals(x.name())) continue;
                        if (typesMatch(lb, m.type(), tb, x.type(), behindPtr, depth - 1)) {
                            found = true;
                            break;
                        }
                    }
                    if (!found) return false;
                }
                return true;
            }
            case KIND_INT -> {
                return tk == KIND_INT && lb.size(lid) == tb.size(tid)
                        && (lb.intEncoding(lid) & INT_SIGNED) == (tb.intEncoding(tid) & INT_SIGNED);
            }
            case KIND_PTR -> {
                return tk == KIND_PTR && typesMatch(lb, lb.ref(lid), tb, tb.ref(tid), true, depth - 1);
            }
            case KIND_ARRAY -> {
                return tk == KIND_ARRAY && lb.array(lid).nelems() == tb.array(tid).nelems()
                        && typesMatch(lb, lb.array(lid).elemType(), tb, tb.array(tid).elemType(), behindPtr, depth - 1);
            }
            case KIND_FUNC_PROTO -> {
                if (tk != KIND_FUNC_PROTO) return false;
                List<Param> lp = lb.params(lid), tp = tb.params(tid);
                if (lp.size() != tp.size()) return false;
                for (int i = 0; i < lp.size(); i++) {
                    if (!typesMatch(lb, lp.get(i).type(), tb, tp.get(i).type(), behindPtr, depth - 1)) return false;
                }
                return typesMatch(lb, lb.ref(lid), tb, tb.ref(tid), behindPtr, depth - 1);
            }
            default -> {
                return false;
            }
        }
    }

    // ------------------------------------------------------------------ values

    private static Calc calc(CoreKind kind, Spec spec) {
        if (kind.fieldBased()) return calcField(kind, spec);
        if (kind.typeBased()) {
            if (spec == null) {
                return kind == CoreKind.TYPE_EXISTS || kind == CoreKind.TYPE_MATCHES ? new Calc(false, 0, true)
                        : new Calc(true, 0, false);
            }
            return switch (kind) {
                case TYPE_ID_LOCAL, TYPE_ID_TARGET -> new Calc(false, spec.rootId, false);
                case TYPE_EXISTS, TYPE_MATCHES -> new Calc(false, 1, true);
                default -> new Calc(false, spec.btf.sizeOf(spec.rootId), true);
            };
        }
        if (spec == null) {
            return kind == CoreKind.ENUMVAL_EXISTS ? new Calc(false, 0, true) : new Calc(true, 0, false);
        }
        if (kind == CoreKind.ENUMVAL_EXISTS) return new Calc(false, 1, true);
        Acc a = spec.acc.getFirst();
        long v = spec.btf.enumValues(a.typeId()).get(a.idx()).value();
        // A 32-bit enumerator is a signed int in BTF: libbpf widens it with its sign.
        if (spec.btf.kind(a.typeId()) == KIND_ENUM) v = (int) v;
        return new Calc(false, v, true);
    }

    private static Calc calcField(CoreKind kind, Spec spec) {
        if (kind == CoreKind.FIELD_EXISTS) return new Calc(false, spec == null ? 0 : 1, true);
        if (spec == null) return new Calc(true, 0, false);
        BtfTypes b = spec.btf;
        Acc acc = spec.acc.getLast();
        if (acc.name() == null) {
            long sz = b.sizeOf(acc.typeId());
            return switch (kind) {
                case FIELD_BYTE_OFFSET -> typed(b, spec.bitOffset / 8, sz, acc.typeId());
                case FIELD_BYTE_SIZE -> new Calc(false, sz, true);
                default -> throw new BtfException(kind.word() + " of an array element is not supported");
            };
        }
        Member m = b.members(acc.typeId()).get(acc.idx());
        int fieldType = b.skipModsAndTypedefs(m.type());
        long bitOff = spec.bitOffset;
        long bitSz = m.bitfieldSize();
        boolean bitfield = bitSz > 0;
        long byteSz, byteOff;
        if (bitfield) {
            byteSz = b.size(fieldType);
            byteOff = bitOff / 8 / byteSz * byteSz;
            // The smallest load that covers the bitfield.
            while (bitOff + bitSz - byteOff * 8 > byteSz * 8) {
                if (byteSz >= 8) throw new BtfException("bitfield at bit " + bitOff + " does not fit in 8 bytes");
                byteSz *= 2;
                byteOff = bitOff / 8 / byteSz * byteSz;
            }
        } else {
            byteSz = b.sizeOf(fieldType);
            byteOff = bitOff / 8;
            bitSz = byteSz * 8;
        }
        return switch (kind) {
            case FIELD_BYTE_OFFSET -> bitfield ? new Calc(false, byteOff, false)
                    : typed(b, byteOff, byteSz, fieldType);
            case FIELD_BYTE_SIZE -> new Calc(false, byteSz, !bitfield);
            case FIELD_SIGNED -> {
                int k = b.kind(fieldType);
                boolean signed = (k == KIND_ENUM || k == KIND_ENUM64) && b.kindFlag(fieldType)
                        || k == KIND_INT && (b.intEncoding(fieldType) & INT_SIGNED) != 0;
                yield new Calc(false, signed ? 1 : 0, true);
            }
            // Little-endian: the bitfield's bits moved to the top, then down to the bottom.
            case FIELD_LSHIFT_U64 -> new Calc(false, 64 - (bitOff + bitSz - byteOff * 8), !bitfield);
            case FIELD_RSHIFT_U64 -> new Calc(false, 64 - bitSz, true);
            default -> throw new IllegalStateException(kind.toString());
        };
    }

    private static Calc typed(BtfTypes b, long value, long size, int typeId) {
        return new Calc(false, value, size, b, typeId, true);
    }
}
