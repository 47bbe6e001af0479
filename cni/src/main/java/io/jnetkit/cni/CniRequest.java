package io.jnetkit.cni;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One invocation as the runtime makes it: the {@code CNI_*} environment variables and the config
 * bytes on stdin.
 *
 * @param command     CNI_COMMAND: ADD, DEL, CHECK, STATUS, GC or VERSION
 * @param containerId CNI_CONTAINERID (ADD, DEL, CHECK)
 * @param netns       CNI_NETNS, a path ({@code /proc/PID/ns/net}, {@code /var/run/netns/NAME}); DEL may lack it
 * @param ifname      CNI_IFNAME: the device's name inside the container
 * @param args        CNI_ARGS ({@code K=V;K=V}), or null
 * @param path        CNI_PATH split at ':': where delegated plugins are found
 * @param stdin       the config as given
 */
public record CniRequest(String command, String containerId, String netns, String ifname, String args,
                         List<String> path, byte[] stdin) {
    public CniRequest {
        path = List.copyOf(path);
    }

    /** The request a process was started with. */
    public static CniRequest fromEnvironment(Map<String, String> env, byte[] stdin) {
        String p = env.get("CNI_PATH");
        return new CniRequest(blankToNull(env.get("CNI_COMMAND")), blankToNull(env.get("CNI_CONTAINERID")),
                blankToNull(env.get("CNI_NETNS")), blankToNull(env.get("CNI_IFNAME")), blankToNull(env.get("CNI_ARGS")),
                p == null || p.isBlank() ? List.of() : Arrays.asList(p.split(":")), stdin);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
