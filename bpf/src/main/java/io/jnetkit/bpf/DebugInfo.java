package io.jnetkit.bpf;

import io.jnetkit.bpf.internal.Bpf;

/**
 * BTF debug information for {@link Program#load(ProgramSpec, io.jnetkit.asm.Resolver, DebugInfo, int[])}: the loaded BTF and
 * the program's {@code bpf_func_info} and {@code bpf_line_info} records in the kernel's layout,
 * {@code insn_off} counted in instructions from the program start. The {@link Btf} stays owned
 * by the caller and must be open during the load.
 *
 * @param btf                the object's BTF
 * @param funcInfoRecordSize size of one func_info record (8)
 * @param funcInfo           func_info records, one per function in the program, the first at 0
 * @param lineInfoRecordSize size of one line_info record (16)
 * @param lineInfo           line_info records, sorted by instruction
 */
public record DebugInfo(Btf btf, int funcInfoRecordSize, byte[] funcInfo, int lineInfoRecordSize, byte[] lineInfo) {
    public DebugInfo {
        if (btf == null) throw new IllegalArgumentException("debug info needs a loaded BTF");
        funcInfo = funcInfo == null ? new byte[0] : funcInfo.clone();
        lineInfo = lineInfo == null ? new byte[0] : lineInfo.clone();
        if (funcInfo.length > 0 && (funcInfoRecordSize <= 0 || funcInfo.length % funcInfoRecordSize != 0)) {
            throw new IllegalArgumentException("func_info is " + funcInfo.length + " bytes, not a multiple of " + funcInfoRecordSize);
        }
        if (lineInfo.length > 0 && (lineInfoRecordSize <= 0 || lineInfo.length % lineInfoRecordSize != 0)) {
            throw new IllegalArgumentException("line_info is " + lineInfo.length + " bytes, not a multiple of " + lineInfoRecordSize);
        }
    }

    @Override
    public byte[] funcInfo() { return funcInfo.clone(); }

    @Override
    public byte[] lineInfo() { return lineInfo.clone(); }

    Bpf.ProgBtf raw() {
        return new Bpf.ProgBtf(btf.fd().value(), funcInfoRecordSize, funcInfo, lineInfoRecordSize, lineInfo);
    }
}
