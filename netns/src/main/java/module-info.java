/** Network namespaces: create, enter, run code inside, delete ({@code ip netns}). */
module io.jnetkit.netns {
    requires transitive io.jnetkit.abi;

    exports io.jnetkit.netns;
}
