package io.jnetkit.bpf;

/**
 * One record of a program's BTF line info as the kernel keeps it for the translated program:
 * the source line the instructions from {@code instruction} on were compiled from (clang -g).
 * {@code bpftool prog dump xlated} prints {@code text} as a {@code ; } comment before that
 * instruction ({@code linum} adds file, line and column).
 *
 * @param instruction the slot in the translated instructions where the line starts
 * @param file        the source file's name as the compiler recorded it
 * @param line        1-based line number
 * @param column      column, 0 when the compiler recorded none
 * @param text        the line's source text as the compiler recorded it (leading blanks kept)
 */
public record SourceLine(int instruction, String file, int line, int column, String text) {}
