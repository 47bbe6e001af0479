package io.jnetkit.hooks;

import java.nio.file.Path;

/**
 * Where a hook's pins live, independent of whether its device still exists:
 * {@code <bpffs>/jnetkit/<netns>/<device>/<hook>}, each name encoded by {@link PinNames}. For
 * netkit hooks {@code netns} and {@code device} are the <em>primary's</em> (the kernel addresses
 * both netkit hooks through the primary); {@code netns} is the namespace's name in
 * {@code /run/netns}, or {@code net-<inode>} for an unnamed one.
 */
public record HookAddress(String netns, String device, HookName hook) {
    public HookAddress {
        if (netns == null || netns.isEmpty() || device == null || device.isEmpty() || hook == null) {
            throw new IllegalArgumentException("a hook address needs a namespace, a device and a hook");
        }
    }

    /** The hook's pin directory under {@code jnetkitDir}. */
    public Path dir(Path jnetkitDir) {
        return jnetkitDir.resolve(PinNames.encode(netns)).resolve(PinNames.encode(device)).resolve(hook.word());
    }

    /** The address whose {@link #dir} is {@code hookDir}, or null when it is not one of jnetkit's hook directories. */
    public static HookAddress ofDir(Path jnetkitDir, Path hookDir) {
        Path rel = jnetkitDir.relativize(hookDir);
        if (rel.getNameCount() != 3) return null;
        try {
            HookName h = HookName.parse(rel.getName(2).toString());
            if (!h.word().equals(rel.getName(2).toString())) return null;
            return new HookAddress(PinNames.decode(rel.getName(0).toString()), PinNames.decode(rel.getName(1).toString()), h);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** "tcx-ingress of eth0 (netns net-4026531840)". */
    @Override
    public String toString() {
        return hook.point() + " of " + device + " (netns " + netns + ")";
    }
}
