package io.jnetkit.bpf;

import java.util.List;

/**
 * What the kernel says about a loaded program ({@code struct bpf_prog_info}); bpftool's
 * {@code prog show}.
 *
 * @param type                 program type ({@link ProgramType#UNKNOWN} if newer than jnetkit; see rawType)
 * @param rawType              the kernel's type number
 * @param id                   program id, stable for the program's life
 * @param tag                  the kernel's hash of the instructions, 16 hex digits
 * @param name                 object name, "" if none
 * @param loadTimeNs           load time, ns since boot
 * @param createdByUid         uid of the loader
 * @param mapIds               ids of the maps the program uses
 * @param xlatedLength         translated program size in bytes
 * @param jitedLength          JIT image size in bytes (0 without JIT)
 * @param runTimeNs            total run time, counted only while kernel.bpf_stats_enabled=1
 * @param runCount             runs, same condition
 * @param verifiedInstructions instructions the verifier processed
 * @param btfId                BTF object id, 0 if none
 * @param gplCompatible        loaded with a GPL-compatible license (GPL-only helpers allowed)
 * @param ifindex              the device an offloaded (device-bound) program is bound to, 0 if none
 * @param netnsDev             with netnsIno: the namespace of that device; both 0 when unbound
 * @param netnsIno             see netnsDev
 * @param recursionMisses      runs skipped because the program was already running on that CPU
 * @param memlock              bytes charged for it ({@code memlock:} in its fdinfo), -1 if not read
 */
public record ProgramInfo(ProgramType type, int rawType, int id, String tag, String name, long loadTimeNs,
                          int createdByUid, List<Integer> mapIds, int xlatedLength, int jitedLength, long runTimeNs,
                          long runCount, int verifiedInstructions, int btfId, boolean gplCompatible, int ifindex,
                          long netnsDev, long netnsIno, long recursionMisses, long memlock) {
    public ProgramInfo {
        mapIds = List.copyOf(mapIds);
    }
}
