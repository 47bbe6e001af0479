package io.jnetkit.cli.attach;

import io.jnetkit.cli.Global;
import io.jnetkit.hooks.HookAddress;
import io.jnetkit.hooks.HookName;
import io.jnetkit.hooks.HookTarget;
import io.jnetkit.netns.NetNs;

import java.io.PrintWriter;
import java.util.function.Function;

/**
 * The hook commands' shared front: resolve DEV HOOK in the {@code -n} namespace (following a
 * peer to its primary unless {@code --no-follow}), and when the device or namespace is gone,
 * fall back to the hook's pin address so stale pins can still be removed.
 */
public final class Targets {
    private Targets() {}

    /** Resolves {@code dev}'s {@code hook} in the {@code -n} namespace; the caller closes both. */
    public static HookTarget resolve(NetNs ns, String dev, HookName hook) {
        return HookTarget.resolve(ns, dev, hook, Global.noFollow() ? HookTarget.Follow.STRICT : HookTarget.Follow.PEER_TO_PRIMARY);
    }

    /** Prints the library's one-line notes (where the hook was found, what was unusual) on stderr. */
    public static void note(PrintWriter err, String note) {
        if (note != null) {
            err.println("jnetkit: " + note);
            err.flush();
        }
    }

    /**
     * Runs {@code live} on the resolved hook; when the device (ENODEV) or the {@code -n}
     * namespace is gone, runs {@code gone} on the address the pins would have instead — the
     * device named as a primary (or tcx device) in that namespace.
     */
    public static <T> T liveOrGone(String dev, HookName hook, Function<HookTarget, T> live, Function<HookAddress, T> gone) {
        return HookTarget.withHook(Global.netnsName(), dev, hook,
                Global.noFollow() ? HookTarget.Follow.STRICT : HookTarget.Follow.PEER_TO_PRIMARY, live, gone);
    }

    /** "DEV" or "DEV in netns NS": the device a command named, for messages. */
    public static String named(String dev) {
        return dev + (Global.netnsName() == null ? "" : " in netns " + Global.netnsName());
    }
}
