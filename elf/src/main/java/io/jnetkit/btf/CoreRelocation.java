package io.jnetkit.btf;

/**
 * One CO-RE relocation of a program ({@code struct bpf_core_relo} from {@code .BTF.ext}), with its
 * instruction already counted from the program's start.
 *
 * @param instruction  the instruction (slot index) to patch
 * @param typeId       the root type in the object's own BTF
 * @param typeName     that type as C names it ({@code struct __sk_buff___mine}), for messages
 * @param accessString clang's accessor chain, e.g. {@code 0:3:1}
 * @param kind         what is asked
 */
public record CoreRelocation(int instruction, int typeId, String typeName, String accessString, CoreKind kind) {
    /** "byte_off struct __sk_buff___mine 0:3", the way messages name a relocation. */
    public String describe() {
        return kind.word() + " " + typeName + " " + accessString;
    }
}
