package io.jnetkit.cli.link;

import io.jnetkit.cli.Global;
import io.jnetkit.cli.Json;
import io.jnetkit.cli.Kernel;
import io.jnetkit.rtnl.Link;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** Equivalent to {@code ip [-d] [-j] link show [dev NAME]}. */
@Command(name = "show", header = "Show devices, like ip link show; -d adds the netkit details.", aliases = {"list", "ls"}, mixinStandardHelpOptions = true,
        description = {"Show devices, like ip link show; -d adds the netkit details (mode, type primary/peer, "
                + "policy, peer policy, scrub, peer scrub, headroom, tailroom).",
                "Examples:", "  jnetkit link show -d task_nk", "  jnetkit -n task_netns link show --json"})
public final class LinkShow implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-d", "--details"}, description = "Kind-specific details, like ip -d.")
    boolean details;

    @Parameters(paramLabel = "[dev] NAME", arity = "0..2", description = "Only this device.")
    List<String> words;

    @Override
    public Integer call() {
        String only = null;
        if (words != null && !words.isEmpty()) {
            for (String w : words) {
                if (w.startsWith("-")) {
                    // picocli lets number-like words ("-5") through; they are never a device to show.
                    throw new io.jnetkit.cli.Exit.UsageException("link show: unknown option \"" + w + "\"");
                }
            }
            only = words.size() == 2 && words.get(0).equals("dev") ? words.get(1) : words.getFirst();
            if (words.size() == 2 && !words.get(0).equals("dev")) {
                throw new io.jnetkit.cli.Exit.UsageException("link show: unexpected \"" + words.get(1) + "\"");
            }
        }
        try (Kernel k = Kernel.open()) {
            List<Link> all = k.rtnl().links().list();
            Map<Integer, String> names = new HashMap<>();
            all.forEach(l -> names.put(l.index(), l.name()));
            List<Link> shown = all;
            if (only != null) {
                // get() gives the kernel's ENODEV error for a missing device.
                Link one = k.rtnl().links().get(only);
                shown = List.of(one);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (Global.json()) {
                out.println(Json.write(shown.stream().map(l -> LinkView.json(l, details, names::get)).toList()));
            } else {
                shown.forEach(l -> out.print(LinkView.text(l, details, names::get)));
            }
            out.flush();
        }
        return 0;
    }
}
