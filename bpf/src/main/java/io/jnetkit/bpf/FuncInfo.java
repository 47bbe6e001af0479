package io.jnetkit.bpf;

/**
 * One record of a program's BTF func info as the kernel keeps it for the translated program: the
 * function (the program's main function or a subprogram clang emitted as a call target) that
 * starts at {@code instruction}. {@code bpftool prog dump xlated} prints the function's C
 * prototype, formatted from {@code typeId}, before that instruction.
 *
 * @param instruction the slot in the translated instructions where the function starts
 * @param typeId      the BTF FUNC type of the function in the program's BTF ({@link ProgramInfo#btfId()})
 */
public record FuncInfo(int instruction, int typeId) {}
