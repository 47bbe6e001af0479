package io.jnetkit.elf;

import io.jnetkit.bpf.Btf;
import io.jnetkit.bpf.FuncInfo;
import io.jnetkit.bpf.Program;
import io.jnetkit.btf.BtfTypes;
import io.jnetkit.btf.FuncSignature;

import java.util.ArrayList;
import java.util.List;

/**
 * A function of a loaded program, from its BTF func info: where it starts in the translated
 * instructions, its name and its C prototype, what {@code bpftool prog dump xlated} prints
 * before the function's first instruction ({@code int b_add(__u32 v):}) and as {@code "proto"}.
 *
 * @param instruction the slot in {@link Program#xlatedInstructions()} where the function starts
 * @param name        the function's name in the program's BTF
 * @param prototype   its prototype in bpftool's layout ({@link FuncSignature}); empty when the
 *                    BTF holds a type bpftool does not print (bpftool prints no line then)
 */
public record ProgramFunction(int instruction, String name, String prototype) {
    /**
     * The program's functions, main function first, as the kernel reports them (func info
     * against the translated instructions, types from the program's BTF object by id); empty
     * for a program loaded without BTF.
     *
     * @throws io.jnetkit.sys.KernelException when the program's BTF object cannot be read
     * @throws io.jnetkit.btf.BtfException    when its types do not parse
     */
    public static List<ProgramFunction> of(Program program) {
        List<FuncInfo> records = program.functions();
        if (records.isEmpty()) return List.of();
        int btfId = program.info().btfId();
        if (btfId == 0) return List.of();
        byte[] raw;
        try (Btf btf = Btf.fromId(btfId)) {
            raw = btf.data();
        }
        BtfTypes types = BtfTypes.parse(raw, "BTF id " + btfId + " of program " + program.id());
        List<ProgramFunction> out = new ArrayList<>(records.size());
        for (FuncInfo f : records) {
            String name = f.typeId() > 0 && f.typeId() <= types.maxId() ? types.name(f.typeId()) : "";
            out.add(new ProgramFunction(f.instruction(), name, FuncSignature.of(types, f.typeId()).orElse("")));
        }
        return out;
    }
}
