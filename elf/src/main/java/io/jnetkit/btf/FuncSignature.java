package io.jnetkit.btf;

import java.util.List;
import java.util.Optional;

import static io.jnetkit.btf.BtfTypes.*;

/**
 * A BTF FUNC (or any type a function's signature is made of) as one line of C, the way
 * {@code bpftool prog dump xlated} prints a function before its first instruction
 * ({@code int port_filter(struct __sk_buff * skb)}) and as its JSON {@code "proto"}.
 *
 * <p>bpftool's rendering, not a C compiler's, so that the two agree byte for byte: every type
 * name is followed by a blank, so a pointer reads {@code struct __sk_buff * skb} and
 * {@code void * data}; qualifiers come first ({@code const char * fmt}); an array is its element
 * and {@code [N]}; a parameter without a name loses the trailing blank; a variadic tail is
 * {@code ...}. A pointer to a function prints its prototype without a name followed by
 * {@code * }, as bpftool does. Kinds a signature cannot hold (VAR, DATASEC, tags) give no line at
 * all, as bpftool then prints none.
 */
public final class FuncSignature {
    /** Nesting bound: BTF from the kernel is acyclic, but a reference chain is not bounded by it. */
    private static final int MAX_DEPTH = 64;

    private FuncSignature() {}

    /**
     * The C line for type {@code typeId} of {@code btf} (normally a FUNC), or empty when it holds
     * a kind bpftool does not print or the BTF is malformed.
     */
    public static Optional<String> of(BtfTypes btf, int typeId) {
        StringBuilder sb = new StringBuilder();
        try {
            if (!type(btf, typeId, sb, 0)) return Optional.empty();
        } catch (BtfException e) {
            return Optional.empty();
        }
        return Optional.of(sb.toString());
    }

    private static boolean type(BtfTypes btf, int id, StringBuilder sb, int depth) {
        if (depth > MAX_DEPTH) return false;
        if (id == 0) {
            sb.append("void ");
            return true;
        }
        int next = depth + 1;
        switch (btf.kind(id)) {
            case KIND_INT, KIND_TYPEDEF, KIND_FLOAT -> sb.append(btf.name(id)).append(' ');
            case KIND_STRUCT -> sb.append("struct ").append(btf.name(id)).append(' ');
            case KIND_UNION -> sb.append("union ").append(btf.name(id)).append(' ');
            case KIND_ENUM, KIND_ENUM64 -> sb.append("enum ").append(btf.name(id)).append(' ');
            case KIND_FWD -> sb.append(btf.kindFlag(id) ? "union " : "struct ").append(btf.name(id)).append(' ');
            case KIND_ARRAY -> {
                Array a = btf.array(id);
                if (!type(btf, a.elemType(), sb, next)) return false;
                sb.append('[').append((int) a.nelems()).append(']');
            }
            case KIND_PTR -> {
                if (!type(btf, btf.ref(id), sb, next)) return false;
                sb.append("* ");
            }
            case KIND_CONST, KIND_VOLATILE, KIND_RESTRICT -> {
                sb.append(switch (btf.kind(id)) {
                    case KIND_CONST -> "const ";
                    case KIND_VOLATILE -> "volatile ";
                    default -> "restrict ";
                });
                return type(btf, btf.ref(id), sb, next);
            }
            case KIND_FUNC_PROTO -> {
                return function(btf, id, null, sb, next);
            }
            case KIND_FUNC -> {
                int proto = btf.ref(id);
                if (btf.kind(proto) != KIND_FUNC_PROTO) return false;
                return function(btf, proto, btf.name(id), sb, next);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** {@code RET NAME(T1 a, T2 b)}; without a name (a function pointer's prototype) {@code RET (…)}. */
    private static boolean function(BtfTypes btf, int proto, String name, StringBuilder sb, int depth) {
        if (!type(btf, btf.ref(proto), sb, depth)) return false;
        sb.append(name == null ? "" : name).append('(');
        List<Param> params = btf.params(proto);
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            if (i > 0) sb.append(", ");
            if (p.type() == 0) {
                sb.append("...");  // the unnamed void parameter that marks a variadic function
                continue;
            }
            if (!type(btf, p.type(), sb, depth)) return false;
            if (!p.name().isEmpty()) {
                sb.append(p.name());
            } else if (!sb.isEmpty() && sb.charAt(sb.length() - 1) == ' ') {
                sb.setLength(sb.length() - 1);
            }
        }
        sb.append(')');
        return true;
    }
}
