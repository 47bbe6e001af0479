/**
 * The {@code jnetkit} command. Exports nothing: it is a program over the library's public API.
 *
 * <p>picocli ({@code info.picocli}) instantiates the command classes and sets their annotated
 * fields reflectively, so every command package is opened to it (and only to it).
 */
module io.jnetkit.cli {
    requires io.jnetkit.abi;
    requires io.jnetkit.netns;
    requires io.jnetkit.rtnetlink;
    requires io.jnetkit.asm;
    requires io.jnetkit.bpf;
    requires io.jnetkit.elf;
    requires io.jnetkit.policy;
    requires io.jnetkit.hooks;
    requires io.jnetkit.probe;
    requires io.jnetkit.topology;
    requires io.jnetkit.cni;
    requires info.picocli;

    opens io.jnetkit.cli to info.picocli;
    opens io.jnetkit.cli.addr to info.picocli;
    opens io.jnetkit.cli.attach to info.picocli;
    opens io.jnetkit.cli.bpflink to info.picocli;
    opens io.jnetkit.cli.cni to info.picocli;
    opens io.jnetkit.cli.demo to info.picocli;
    opens io.jnetkit.cli.doctor to info.picocli;
    opens io.jnetkit.cli.link to info.picocli;
    opens io.jnetkit.cli.map to info.picocli;
    opens io.jnetkit.cli.net to info.picocli;
    opens io.jnetkit.cli.netns to info.picocli;
    opens io.jnetkit.cli.policy to info.picocli;
    opens io.jnetkit.cli.prog to info.picocli;
    opens io.jnetkit.cli.route to info.picocli;
    opens io.jnetkit.cli.topology to info.picocli;
    opens io.jnetkit.cli.trace to info.picocli;
}
