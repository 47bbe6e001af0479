package io.jnetkit.testkit;

import io.jnetkit.netns.NetNamespaces;
import io.jnetkit.netns.NetNs;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;

/**
 * A fresh, uniquely named network namespace for each test, deleted after it whatever the outcome.
 *
 * <pre>{@code
 * @RegisterExtension final FreshNetns ns = new FreshNetns();
 * @Test void t() { try (Rtnl rtnl = Rtnl.open(ns.get())) { ... } }
 * }</pre>
 *
 * {@link #another()} makes more namespaces for the same test (a "pod" beside the "host").
 */
public final class FreshNetns implements BeforeEachCallback, AfterEachCallback {
    private final List<NetNs> made = new ArrayList<>();
    private NetNs first;

    /**
     * A unique name with the given prefix (and 7 characters), short enough for a 15-byte device
     * name too; claimed for the running test ({@link TestNames#unique}), so that
     * {@link NoKernelLeaks} fails the test when a namespace, device or pin carrying it is left.
     */
    public static String uniqueName(String prefix) {
        return TestNames.unique(prefix);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        first = another();
    }

    /** The test's namespace. */
    public NetNs get() {
        if (first == null) {
            throw new IllegalStateException("FreshNetns is used outside a test");
        }
        return first;
    }

    /** The test's namespace name. */
    public String name() {
        return get().name();
    }

    /** One more fresh namespace, deleted after the test like the first. */
    public NetNs another() {
        NetNs ns = NetNamespaces.add(uniqueName("jnk-t"));
        made.add(ns);
        return ns;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        RuntimeException failure = null;
        for (NetNs ns : made.reversed()) {
            try {
                String name = ns.name();
                ns.close();
                if (NetNamespaces.exists(name)) {
                    NetNamespaces.delete(name);
                }
            } catch (RuntimeException e) {
                if (failure == null) failure = e; else failure.addSuppressed(e);
            }
        }
        made.clear();
        first = null;
        if (failure != null) {
            throw failure;
        }
    }
}
