/** Traffic probes run inside a network namespace: ICMP echo and TCP connect/send. */
module io.jnetkit.probe {
    requires transitive io.jnetkit.netns;

    exports io.jnetkit.probe;
}
