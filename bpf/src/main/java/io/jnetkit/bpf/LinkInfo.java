package io.jnetkit.bpf;

/**
 * What the kernel says about a link ({@code struct bpf_link_info}); bpftool's {@code link show}.
 *
 * @param type       link type ({@link LinkType#TCX}, {@link LinkType#NETKIT}, …)
 * @param rawType    the kernel's type number
 * @param id         link id
 * @param programId  id of the attached program
 * @param ifindex    for tcx and netkit links: the device the program list belongs to, in that
 *                   device's netns. For a {@link AttachType#NETKIT_PEER} link that is the
 *                   <em>peer's</em> ifindex, not the primary's that was used to attach. 0 once
 *                   the device is gone (the link is then defunct). 0 for other link types
 * @param attachType for tcx and netkit links, the hook; null for other link types
 * @param detail     the type-specific part of the info, as {@link Detail} records
 */
public record LinkInfo(LinkType type, int rawType, int id, int programId, int ifindex, AttachType attachType,
                       Detail detail) {

    /** The type-specific part of {@code struct bpf_link_info}: one record per link type jnetkit decodes. */
    public sealed interface Detail {}

    /** tcx (6.6) and netkit (6.7) links: the device (0 once it is gone) and the hook. */
    public record OnDevice(int ifindex, AttachType attachType) implements Detail {}

    /** An XDP link: the device, 0 once it is gone. */
    public record Xdp(int ifindex) implements Detail {}

    /** A cgroup link: the cgroup's id (its inode number on cgroupfs) and the hook. */
    public record Cgroup(long cgroupId, AttachType attachType) implements Detail {}

    /** A netns link (flow dissector, sk_lookup): the namespace's inode number and the hook. */
    public record Netns(long netnsInode, AttachType attachType) implements Detail {}

    /** fentry/fexit/fmod_ret/lsm/freplace: the hook and the BTF object and type it is attached to. */
    public record Tracing(AttachType attachType, int targetObjectId, int targetBtfId) implements Detail {}

    /** A raw tracepoint link: the tracepoint's name. */
    public record RawTracepoint(String name) implements Detail {}

    /** A BPF iterator link: its target ("bpf_map_elem", "task", …). */
    public record Iter(String target) implements Detail {}

    /** A struct_ops link: the struct_ops map. */
    public record StructOps(int mapId) implements Detail {}

    /** A netfilter link: protocol family, hook number, priority and flags. */
    public record Netfilter(int family, int hook, int priority, int flags) implements Detail {}

    /** A sockmap link: the map and the hook. */
    public record Sockmap(int mapId, AttachType attachType) implements Detail {}

    /** A type whose specific part jnetkit does not decode (perf_event, kprobe_multi, uprobe_multi, …). */
    public record Undecoded() implements Detail {}
}
