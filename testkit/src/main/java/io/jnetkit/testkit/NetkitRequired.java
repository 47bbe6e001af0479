package io.jnetkit.testkit;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.reflect.InvocationTargetException;

/**
 * Fails a netkit-tier test up front, with the reason, when the running kernel has no netkit.
 *
 * <p>The verdict is the library's one netkit probe, {@code io.jnetkit.bpf.Features.netkit()}
 * (the same answer {@code jnetkit doctor} and {@code lab/lab has-netkit} give). It is reached
 * by name at run time because this module sits below jnetkit-bpf in the build (bpf's own tests
 * use it): a module with netkit-tier tests has jnetkit-bpf on its test class path.
 */
public final class NetkitRequired implements BeforeEachCallback {
    private static final String FEATURES = "io.jnetkit.bpf.Features";
    private static volatile String verdict;

    @Override
    public void beforeEach(ExtensionContext context) {
        String v = verdict();
        if (v != null) {
            throw new AssertionError(v);
        }
    }

    /** Null when netkit is there, else why not. */
    public static String verdict() {
        String v = verdict;
        if (v == null) {
            v = probe();
            verdict = v;
        }
        return v.isEmpty() ? null : v;
    }

    private static String probe() {
        Object status;
        try {
            Class<?> features = Class.forName(FEATURES, true, NetkitRequired.class.getClassLoader());
            status = features.getMethod("netkit").invoke(null);
        } catch (ClassNotFoundException e) {
            return "netkit tier: cannot probe for netkit: " + FEATURES + " is not on the test class path "
                    + "(add jnetkit-bpf as a test dependency of this module)";
        } catch (InvocationTargetException e) {
            return "netkit tier: the netkit probe failed: " + e.getCause();
        } catch (ReflectiveOperationException e) {
            return "netkit tier: cannot call " + FEATURES + ".netkit(): " + e;
        }
        try {
            if ((Boolean) status.getClass().getMethod("supported").invoke(status)) {
                return "";
            }
            String message = (String) status.getClass().getMethod("message").invoke(status);
            return "netkit tier: the running kernel " + System.getProperty("os.version") + ": " + message
                    + "; run the netkit tier through bin/test, which boots the kernel lab guest";
        } catch (ReflectiveOperationException e) {
            return "netkit tier: cannot read the netkit probe's result: " + e;
        }
    }
}
