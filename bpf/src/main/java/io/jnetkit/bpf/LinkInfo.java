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
 */
public record LinkInfo(LinkType type, int rawType, int id, int programId, int ifindex, AttachType attachType) {}
