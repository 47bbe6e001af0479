/** Test support: fresh uniquely-named network namespaces and the kernel-tier tags. Test scope only. */
module io.jnetkit.testkit {
    requires transitive io.jnetkit.netns;
    requires transitive org.junit.jupiter.api;

    exports io.jnetkit.testkit;
}
