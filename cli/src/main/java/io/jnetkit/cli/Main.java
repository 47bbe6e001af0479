package io.jnetkit.cli;

import io.jnetkit.cli.addr.AddrCommand;
import io.jnetkit.cli.doctor.DoctorCommand;
import io.jnetkit.cli.link.LinkCommand;
import io.jnetkit.cli.netns.NetnsCommand;
import io.jnetkit.cli.route.RouteCommand;
import io.jnetkit.net.IpFamily;
import io.jnetkit.sys.KernelException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;

/** {@code jnetkit}: netkit devices, namespaces, addresses and routes from one pure-Java tool. */
@Command(name = "jnetkit",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        header = "Wire containers with netkit from one pure-Java tool that speaks iproute2's grammar.",
        versionProvider = Main.Version.class,
        description = {
                "Namespaces, netkit and veth pairs, addresses and routes, BPF programs on netkit and tcx "
                + "hooks, allow/deny policies, topology files and a CNI plugin: pure Java (no ip, no bpftool, "
                + "no libbpf).",
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
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                " 0:success",
                " 1:the kernel refused the request (its errno and text are printed)",
                " 2:bad command line or bad input (nothing was changed)",
                " 3:a named device, namespace or object does not exist",
                " 4:the running kernel lacks a needed feature",
                " 5:not permitted: not root, or a pod's netkit side (its primary manages it)",
                " 6:a check or a step failed (doctor, demo)",
                "70:internal error (a bug: please report it with --debug output)",
        })
public final class Main implements Runnable {
    /**
     * The commands, in {@code --help} order, with their names and aliases. Only the one being run
     * is handed to picocli (whose model building reflects over every command class it is given, the
     * larger part of a call's start-up); {@code --help}, {@code help} or a word that names no command
     * get them all.
     */
    private record Entry(Class<?> type, String... names) {}

    private static final List<Entry> COMMANDS = List.of(
            new Entry(DoctorCommand.class, "doctor"),
            new Entry(NetnsCommand.class, "netns"),
            new Entry(LinkCommand.class, "link"),
            new Entry(AddrCommand.class, "addr", "address"),
            new Entry(RouteCommand.class, "route"),
            new Entry(io.jnetkit.cli.demo.DemoCommand.class, "demo"),
            new Entry(io.jnetkit.cli.prog.ProgCommand.class, "prog"),
            new Entry(io.jnetkit.cli.attach.AttachCommand.class, "attach"),
            new Entry(io.jnetkit.cli.attach.DetachCommand.class, "detach"),
            new Entry(io.jnetkit.cli.attach.PruneCommand.class, "prune", "gc"),
            new Entry(io.jnetkit.cli.net.NetCommand.class, "net"),
            new Entry(io.jnetkit.cli.map.MapCommand.class, "map"),
            new Entry(io.jnetkit.cli.bpflink.BpfLinkCommand.class, "bpflink"),
            new Entry(io.jnetkit.cli.trace.TraceCommand.class, "trace"),
            new Entry(io.jnetkit.cli.policy.PolicyCommand.class, "policy"),
            new Entry(io.jnetkit.cli.topology.UpCommand.class, "up"),
            new Entry(io.jnetkit.cli.topology.DownCommand.class, "down"),
            new Entry(io.jnetkit.cli.topology.StatusCommand.class, "status"),
            new Entry(io.jnetkit.cli.topology.GraphCommand.class, "graph"),
            new Entry(io.jnetkit.cli.cni.CniCommand.class, "cni"),
            new Entry(Completion.Script.class, "completion"),
            new Entry(Completion.Candidates.class, "__complete"),
            new Entry(CommandLine.HelpCommand.class, "help"));

    /**
     * Each command group's subcommands, in {@code --help} order. The groups' {@code @Command}
     * names none, so that picocli builds only the subcommand being run (its model of a group with
     * every subcommand costs ~40 ms of CPU more for a {@code link del}); help, completion, the man
     * pages and a word that names no subcommand get them all.
     */
    private static final Map<Class<?>, List<Class<?>>> SUBCOMMANDS = Map.of(
            NetnsCommand.class, List.of(io.jnetkit.cli.netns.NetnsAdd.class, io.jnetkit.cli.netns.NetnsDel.class,
                    io.jnetkit.cli.netns.NetnsList.class, io.jnetkit.cli.netns.NetnsExec.class),
            LinkCommand.class, List.of(io.jnetkit.cli.link.LinkAdd.class, io.jnetkit.cli.link.LinkDel.class,
                    io.jnetkit.cli.link.LinkSet.class, io.jnetkit.cli.link.LinkShow.class),
            AddrCommand.class, List.of(AddrCommand.Add.class, AddrCommand.Del.class, AddrCommand.Show.class,
                    AddrCommand.Flush.class),
            RouteCommand.class, List.of(RouteCommand.Add.class, RouteCommand.Del.class, RouteCommand.Show.class),
            io.jnetkit.cli.prog.ProgCommand.class, List.of(io.jnetkit.cli.prog.ProgLoad.class, io.jnetkit.cli.prog.ProgShow.class,
                    io.jnetkit.cli.prog.ProgDump.class, io.jnetkit.cli.prog.ProgTestRun.class),
            io.jnetkit.cli.net.NetCommand.class, List.of(io.jnetkit.cli.net.NetShow.class),
            io.jnetkit.cli.map.MapCommand.class, List.of(io.jnetkit.cli.map.MapShow.class, io.jnetkit.cli.map.MapDump.class,
                    io.jnetkit.cli.map.MapLookup.class, io.jnetkit.cli.map.MapUpdate.class),
            io.jnetkit.cli.policy.PolicyCommand.class, List.of(io.jnetkit.cli.policy.PolicyApply.class,
                    io.jnetkit.cli.policy.PolicyShow.class, io.jnetkit.cli.policy.PolicyStats.class,
                    io.jnetkit.cli.policy.PolicyRemove.class, io.jnetkit.cli.policy.PolicyCompile.class),
            io.jnetkit.cli.cni.CniCommand.class, List.of(io.jnetkit.cli.cni.CniInstallCommand.class,
                    io.jnetkit.cli.cni.CniServeCommand.class));

    /** Global options that take a value (the word after them is not the command). */
    private static final Set<String> GLOBAL_WITH_VALUE = Set.of("-n", "--netns", "-b", "-batch", "--batch");

    private static final Set<String> BATCH = Set.of("-b", "-batch", "--batch");
    private static final Set<String> FORCE = Set.of("-force", "--force");

    /** {@code -batch} or {@code -force} (a batch line may not use them). */
    static boolean isBatchOption(String word) {
        return BATCH.contains(word) || FORCE.contains(word) || word.startsWith("--batch=");
    }

    /** The command line's first word that is not a global option (or its value), or null. */
    static String commandWord(String... args) {
        return word(0, args);
    }

    /** The command line's word {@code n} (from 0) among those that are not options (or a global's value), or null. */
    static String word(int n, String... args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (GLOBAL_WITH_VALUE.contains(a)) {
                i++;
            } else if (!a.startsWith("-") || a.equals("-")) {
                if (n-- == 0) return a;
            }
        }
        return null;
    }

    /**
     * picocli's command line of {@code type}, with the subcommand named {@code sub} only when it
     * names one (by name or alias), else with every subcommand of the group.
     */
    private static CommandLine group(Class<?> type, String sub) {
        List<Class<?>> subs = SUBCOMMANDS.get(type);
        CommandLine cl = new CommandLine(type);
        if (subs == null) return cl;
        Class<?> only = null;
        for (Class<?> c : subs) {
            Command a = c.getAnnotation(Command.class);
            if (sub != null && (a.name().equals(sub) || Arrays.asList(a.aliases()).contains(sub))) {
                only = c;
                break;
            }
        }
        for (Class<?> c : only != null ? List.<Class<?>>of(only) : subs) {
            cl.addSubcommand(c);
        }
        return cl;
    }

    /** The picocli command line with the command being run, or with all of them when that is not clear. */
    static CommandLine commandLine(String... args) {
        CommandLine cl = new CommandLine(new Main());
        String word = commandWord(args);
        boolean one = false;
        for (Entry e : COMMANDS) {
            if (word != null && !word.equals("help") && Arrays.asList(e.names()).contains(word)) {
                cl.addSubcommand(group(e.type(), word(1, args)));
                one = true;
                break;
            }
        }
        if (!one) {
            for (Entry e : COMMANDS) {
                cl.addSubcommand(group(e.type(), null));
            }
        }
        // The annotation's usageHelpAutoWidth is the root's alone; this sets it on every subcommand
        // added above, so each command's help wraps to the terminal, not to 80 columns.
        cl.setUsageHelpAutoWidth(true);
        return cl;
    }
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
    @Option(names = "-4", scope = ScopeType.INHERIT,
            description = "IPv4 only (addr show, route show), like ip -4.")
    void inet(boolean on) { family(on ? IpFamily.V4 : null); }

    @Option(names = "-6", scope = ScopeType.INHERIT,
            description = "IPv6 only (addr show, route show), like ip -6.")
    void inet6(boolean on) { family(on ? IpFamily.V6 : null); }

    @Option(names = {"-br", "--brief"}, scope = ScopeType.INHERIT,
            description = "One line per device (link show, addr show), like ip -br.")
    void brief(boolean on) { Global.brief = on; }

    @Option(names = {"-s", "--stats"}, scope = ScopeType.INHERIT,
            description = "Statistics (link show, addr show), like ip -s.")
    void stats(boolean on) { Global.stats = on; }

    // Global as in ip (ip -d link show), and still accepted after the command (link show -d).
    @Option(names = {"-d", "--details"}, scope = ScopeType.INHERIT,
            description = "Details (link show, addr show: kind-specific data, netkit mode/policies, limits), like ip -d.")
    void details(boolean on) { Global.details = on; }

    private static void family(IpFamily f) {
        if (f != null && Global.family != null && Global.family != f) {
            throw new Exit.UsageException("-4 and -6 exclude each other");
        }
        Global.family = f;
    }

    // -batch and -force are taken out of the command line before picocli sees it (see run); they
    // are declared here so that --help lists them.
    @Option(names = {"-b", "-batch", "--batch"}, paramLabel = "FILE",
            description = "Run the commands in FILE (- for standard input), one per line, in one process, like ip -batch "
                    + "(e.g. jnetkit -n pod -batch pods.txt).")
    String batchFile;

    @Option(names = {"-force", "--force"},
            description = "With -batch: go on after a command fails; the exit status is the first failure's.")
    boolean force;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs one command line with the given writers; returns the exit code (tests call this). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(out, err, System.in, args);
    }

    /** Runs one command line, or a batch ({@code -batch FILE}, {@code -} reading {@code stdin}). */
    public static int run(PrintWriter out, PrintWriter err, java.io.InputStream stdin, String... args) {
        String file = null;
        boolean force = false;
        List<String> prefix = new java.util.ArrayList<>();
        int i = 0;
        for (; i < args.length; i++) {
            String a = args[i];
            if (BATCH.contains(a)) {
                if (i + 1 == args.length) {
                    err.println("jnetkit: " + a + " needs a FILE (or - for standard input)");
                    return Exit.USAGE.code;
                }
                file = args[++i];
            } else if (a.startsWith("--batch=")) {
                file = a.substring("--batch=".length());
            } else if (FORCE.contains(a)) {
                force = true;
            } else if (GLOBAL_WITH_VALUE.contains(a)) {
                prefix.add(a);
                if (i + 1 < args.length) {
                    prefix.add(args[++i]);
                }
            } else if (a.startsWith("-") && !a.equals("-")) {
                prefix.add(a);
            } else {
                break;
            }
        }
        if (file == null) {
            if (force) {
                err.println("jnetkit: -force applies only with -batch FILE");
                return Exit.USAGE.code;
            }
            Integer fast = FastPath.run(out, err, args);
            return fast != null ? fast : runCommand(out, err, commandLine(args), args);
        }
        if (i < args.length) {
            err.println("jnetkit: -batch " + file + " runs the commands in " + file
                    + "; the words after it (" + String.join(" ", Arrays.asList(args).subList(i, args.length))
                    + ") belong in the file");
            return Exit.USAGE.code;
        }
        // Building picocli's model of a command (reflection over its classes) costs more than the
        // netlink request it makes; a batch builds each command word's once (picocli resets every
        // option to its initial value before each parse). 7000 × `link show lo`: 1.4 -> 0.N ms a line.
        Map<String, CommandLine> built = new HashMap<>();
        return Batch.run(file, stdin, prefix, force, err, line -> {
            String word = commandWord(line);
            // a command word and its subcommand word: what commandLine builds
            CommandLine cl = word == null || word.equals("help") ? commandLine(line)
                    : built.computeIfAbsent(word + " " + word(1, line), w -> commandLine(line));
            return runCommand(out, err, cl, line);
        });
    }

    private static int runCommand(PrintWriter out, PrintWriter err, CommandLine cl, String... args) {
        Global.reset();
        boolean jsonAsked = Arrays.asList(args).contains("-j") || Arrays.asList(args).contains("--json");
        String undecodable = undecodable(args);
        if (undecodable != null) {
            return fail(out, err, jsonAsked, new Exit.UsageException(undecodable), Exit.USAGE);
        }
        cl.setOut(out).setErr(err);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) ->
                failed(commandLine.getOut(), commandLine.getErr(), jsonAsked, e));
        cl.setParameterExceptionHandler((e, a) -> {
            CommandLine c = e.getCommandLine();
            // picocli wraps an exception thrown by an option's setter (-4 with -6).
            Throwable cause = e.getCause() instanceof Exit.UsageException u ? u : e;
            fail(c.getOut(), c.getErr(), Global.json() || jsonAsked, cause, Exit.USAGE);
            String q = qualifiedName(c);
            c.getErr().println("try 'jnetkit " + (q.isEmpty() ? "" : q + " ") + "--help'");
            return Exit.USAGE.code;
        });
        return cl.execute(args);
    }

    /** A command threw {@code e}: its error line (and JSON), its stack trace with --debug; the exit code. */
    static int failed(PrintWriter out, PrintWriter err, boolean jsonAsked, Exception e) {
        Exit exit = Exit.of(e);
        fail(out, err, Global.json() || jsonAsked, e, exit);
        if (Global.debug() || exit == Exit.INTERNAL) {
            e.printStackTrace(err);
        }
        return exit.code;
    }

    /**
     * The one error line on stderr and, with {@code --json}, the same error as one JSON object on
     * stdout: {@code {"error": "...", "errno": "EEXIST" or null, "exit": N}} plus {@code "hint"}
     * when jnetkit has one — so a script reading stdout never gets an empty answer.
     */
    private static int fail(PrintWriter out, PrintWriter err, boolean json, Throwable e, Exit exit) {
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        err.println("jnetkit: " + msg);
        err.flush();
        if (json) {
            KernelException ke = kernelCause(e);
            StringBuilder sb = new StringBuilder("{\"error\":").append(Json.write(msg))
                    .append(",\"errno\":").append(Json.write(ke == null ? null : ke.errnoName()))
                    .append(",\"exit\":").append(exit.code);
            if (ke != null && ke.hint() != null) {
                sb.append(",\"hint\":").append(Json.write(ke.hint()));
            }
            out.println(sb.append('}'));
            out.flush();
        }
        return exit.code;
    }

    private static KernelException kernelCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof KernelException ke) return ke;
        }
        return null;
    }

    /**
     * The JVM decodes argv with sun.jnu.encoding (the locale's charset) and puts U+FFFD where
     * bytes do not decode. Such an argument cannot be passed on as the user wrote it: a device
     * created from it would get a different name. A literal U+FFFD typed on purpose looks the same
     * and is refused too.
     */
    static String undecodable(String... args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].indexOf('\uFFFD') >= 0) {
                String cs = System.getProperty("sun.jnu.encoding", "UTF-8");
                boolean utf8 = cs.equalsIgnoreCase("UTF-8") || cs.equalsIgnoreCase("UTF8");
                return "argument " + (i + 1) + " (\"" + args[i] + "\") is not valid " + (utf8 ? "UTF-8" : cs)
                        + ": its bytes could not be decoded, so a name made from it would not be the one given"
                        + (utf8 ? "" : " (run with a UTF-8 locale, e.g. LANG=C.UTF-8)");
            }
        }
        return null;
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
