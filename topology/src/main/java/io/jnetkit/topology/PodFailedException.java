package io.jnetkit.topology;

/**
 * {@link TopologyEngine#up} stopped at a pod: the message names the pod before the cause's own
 * words (the kernel's errno, the verifier's log), and the cause is what {@link io.jnetkit.pod.Pods#up}
 * threw, for callers that map it (an exit code, a CNI error). The pods before it in the file are
 * up; the pod itself was rolled back if it was new, or left closed if its program failed to attach.
 */
public final class PodFailedException extends RuntimeException {
    private final String pod;

    PodFailedException(String pod, RuntimeException cause) {
        super(message(pod, cause), cause);
        this.pod = pod;
    }

    /** The cause's words after the pod's name, once: Pods' own errors already start with it. */
    private static String message(String pod, RuntimeException cause) {
        String m = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        return m.startsWith("pod " + pod + ": ") ? m : "pod " + pod + ": " + m;
    }

    /** The pod's name in the topology file. */
    public String pod() {
        return pod;
    }

    @Override
    public synchronized RuntimeException getCause() {
        return (RuntimeException) super.getCause();
    }
}
