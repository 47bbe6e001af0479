package io.jnetkit.cli;

import io.jnetkit.cli.addr.AddrCommand;
import io.jnetkit.cli.doctor.DoctorCommand;
import io.jnetkit.cli.link.LinkCommand;
import io.jnetkit.cli.netns.NetnsCommand;
import io.jnetkit.cli.route.RouteCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.PrintWriter;

/** {@code jnetkit}: netkit devices, namespaces, addresses and routes from one pure-Java tool. */
@Command(name = "jnetkit",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        versionProvider = Main.Version.class,
        description = {
                "Wire containers with netkit: namespaces, netkit and veth pairs, addresses and routes,",
                "in iproute2's grammar, pure Java (no ip, no bpftool, no libbpf).",
                "",
                "Example (the seed walkthrough's first half, word for word):",
                "  jnetkit netns add task_netns",
                "  jnetkit link add task_nk type netkit        # primary task_nk, peer nk0",
                "  jnetkit link set task_nk netns task_netns",
                "  jnetkit -n task_netns addr add 10.0.0.2/24 dev task_nk",
                "  jnetkit -n task_netns link set task_nk up",
                "  jnetkit addr add 10.0.0.1/24 dev nk0",
                "  jnetkit link set nk0 up",
                "  jnetkit link show -d nk0",
        },
        subcommands = {DoctorCommand.class, NetnsCommand.class, LinkCommand.class, AddrCommand.class,
                RouteCommand.class, io.jnetkit.cli.demo.DemoCommand.class,
                io.jnetkit.cli.prog.ProgCommand.class, io.jnetkit.cli.attach.AttachCommand.class,
                io.jnetkit.cli.attach.DetachCommand.class, io.jnetkit.cli.attach.PruneCommand.class,
                io.jnetkit.cli.net.NetCommand.class,
                io.jnetkit.cli.map.MapCommand.class, io.jnetkit.cli.trace.TraceCommand.class,
                io.jnetkit.cli.policy.PolicyCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                " 0:success",
                " 1:the kernel refused the request (its errno and text are printed)",
                " 2:bad command line or bad input (nothing was changed)",
                " 3:a named device, namespace or object does not exist",
                " 4:the running kernel lacks a needed feature",
                " 5:not permitted: run as root (CAP_NET_ADMIN, CAP_SYS_ADMIN, CAP_BPF)",
                " 6:a check or a step failed (doctor, demo)",
                "70:internal error (a bug: please report it with --debug output)",
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-n", "--netns"}, paramLabel = "NS", scope = ScopeType.INHERIT,
            description = "Run in network namespace NS (a name under /run/netns or a path), like ip -n.")
    void netns(String ns) { Global.netns = ns; }

    @Option(names = {"-j", "--json"}, scope = ScopeType.INHERIT, description = "Print JSON instead of text.")
    void json(boolean on) { Global.json = on; }

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
    void debug(boolean on) { Global.debug = on; }

    @Option(names = "--no-follow", scope = ScopeType.INHERIT,
            description = "Hook commands: never act outside the named namespace (a netkit peer's primary elsewhere is an error).")
    void noFollow(boolean on) { Global.noFollow = on; }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs one command line with the given writers; returns the exit code (tests call this). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        Global.reset();
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out).setErr(err);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            Exit exit = Exit.of(e);
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            commandLine.getErr().println("jnetkit: " + msg);
            if (Global.debug() || exit == Exit.INTERNAL) {
                e.printStackTrace(commandLine.getErr());
            }
            return exit.code;
        });
        cl.setParameterExceptionHandler((e, a) -> {
            CommandLine c = e.getCommandLine();
            c.getErr().println("jnetkit: " + e.getMessage());
            c.getErr().println("try 'jnetkit " + qualifiedName(c) + " --help'");
            return Exit.USAGE.code;
        });
        return cl.execute(args);
    }

    private static String qualifiedName(CommandLine c) {
        String q = c.getCommandSpec().qualifiedName(" ");
        return q.startsWith("jnetkit ") ? q.substring(8) : "";
    }

    /** The version from the jar manifest, or "dev" when run from classes. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"jnetkit " + (v == null ? "0.1.0-SNAPSHOT" : v)
                    + " (Java " + Runtime.version() + ", " + System.getProperty("os.arch") + ")"};
        }
    }
}
