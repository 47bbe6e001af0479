/** Topology files: YAML pods and nodes, validated and planned into pod specs before anything is touched. */
module io.jnetkit.topology {
    requires transitive io.jnetkit.pod;
    requires io.jnetkit.netns;
    requires io.jnetkit.rtnetlink;
    requires io.jnetkit.abi;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires org.yaml.snakeyaml;

    exports io.jnetkit.topology;
}
