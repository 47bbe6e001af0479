package io.jnetkit.cni;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The executable a runtime runs ({@code jnetkit-cni}, installed as CNI type {@code jnetkit}): reads
 * the {@code CNI_*} environment and stdin, prints {@link CniPlugin}'s answer on stdout, exits with
 * its code. Nothing else ever reaches stdout: it is the protocol.
 */
public final class CniMain {
    private CniMain() {}

    public static void main(String[] args) throws IOException {
        PrintStream stdout = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.UTF_8);
        // Anything a library prints by mistake goes to stderr, never into the protocol.
        System.setOut(System.err);
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("--version"))) {
            System.err.println("""
                    jnetkit-cni: the CNI plugin "jnetkit" (CNI spec %s; configs of %s).
                    A container runtime runs it with CNI_COMMAND=ADD|DEL|CHECK|STATUS|GC|VERSION, CNI_CONTAINERID,
                    CNI_NETNS, CNI_IFNAME, CNI_PATH in the environment and the network config on stdin.
                    Install it and an example config:  jnetkit cni install --help""".formatted(
                    CniVersion.NEWEST, String.join(", ", CniVersion.SUPPORTED)));
            System.exit(0);
        }
        byte[] stdin = System.getenv("CNI_COMMAND") == null && System.console() != null ? new byte[0] : System.in.readAllBytes();
        CniPlugin.Response r;
        try {
            r = CniPlugin.open().handle(CniRequest.fromEnvironment(System.getenv(), stdin));
        } catch (RuntimeException e) {
            // Opening the plugin failed (the host's bpffs): still the spec's error object, never a bare stack trace.
            CniException ce = CniPlugin.asCni(e);
            r = new CniPlugin.Response(1, Json.write(ce.toJson(CniVersion.NEWEST)), null);
        }
        if (!r.stdout().isEmpty()) stdout.println(r.stdout());
        stdout.flush();
        System.exit(r.exit());
    }
}
