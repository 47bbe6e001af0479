package io.jnetkit.cli.link;

import io.jnetkit.cli.Global;
import io.jnetkit.cli.Json;
import io.jnetkit.cli.Kernel;
import io.jnetkit.netns.NetNs;
import io.jnetkit.rtnl.CreateResult;
import io.jnetkit.rtnl.LinkSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** Equivalent to {@code ip link add NAME type netkit|veth …}, plus netkit headroom/tailroom. */
@Command(name = "add", header = "Create a netkit or veth pair (ip link add … type netkit|veth).", mixinStandardHelpOptions = true,
        description = {
                "Create a netkit or veth pair, in iproute2's words:",
                "  link add [name] NAME [mtu N] [address MAC] [netns NS] [up]",
                "           [numtxqueues N] [numrxqueues N]",
                "      type netkit [mode l2|l3] [forward|blackhole] [scrub default|none]",
                "                  [headroom N] [tailroom N]                      (6.14+)",
                "                  [peer [forward|blackhole] [scrub default|none] [[name] PEER]",
                "                        [netns NS] [address MAC] [mtu N]]",
                "    | type veth [peer [[name] PEER] [netns NS] [address MAC] [mtu N]]",
                "Defaults are the kernel's: mode l3, forward, scrub default, peer named nk0, nk1 and so on.",
                "The pair is read back; settings this kernel silently ignored are reported.",
                "Examples:",
                "  jnetkit link add task_nk type netkit",
                "  jnetkit link add nk-host type netkit mode l2 blackhole \\",
                "      peer forward name nk-pod netns pod1",
                "  jnetkit link add v0 type veth peer name v1"})
public final class LinkAdd implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "WORD", arity = "1..*", description = "The words above.")
    List<String> words;

    @Override
    public Integer call() {
        List<NetNs> opened = new ArrayList<>();
        try (Kernel k = Kernel.open()) {
            LinkSpec linkSpec = LinkAddWords.parse(words, name -> {
                NetNs ns = NetNs.open(name);
                opened.add(ns);
                return ns;
            });
            CreateResult r = k.rtnl().links().create(linkSpec);
            PrintWriter out = spec.commandLine().getOut();
            if (Global.json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("link", LinkView.json(r.link(), true, i -> null));
                if (r.peer() != null) m.put("peer", LinkView.json(r.peer(), true, i -> null));
                m.put("ignored", r.ignored());
                out.println(Json.write(m));
            } else {
                for (String ignored : r.ignored()) {
                    spec.commandLine().getErr().println("jnetkit: warning: the kernel ignored " + ignored);
                }
            }
            out.flush();
            return 0;
        } finally {
            opened.forEach(NetNs::close);
        }
    }
}
