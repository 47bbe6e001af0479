/** Wires one pod: namespace, netkit (or veth) pair, addresses, routes, programs per hook; up, check, down. */
module io.jnetkit.pod {
    requires transitive io.jnetkit.hooks;
    requires transitive io.jnetkit.elf;

    exports io.jnetkit.pod;
}
