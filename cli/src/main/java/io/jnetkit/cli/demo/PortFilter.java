package io.jnetkit.cli.demo;

import io.jnetkit.bpf.HookQuery;
import io.jnetkit.bpf.BpfLink;
import io.jnetkit.bpf.Program;
import io.jnetkit.bpf.ProgramInfo;
import io.jnetkit.bpf.Attachments;
import io.jnetkit.hooks.HookName;
import io.jnetkit.hooks.HookTarget;
import io.jnetkit.elf.BpfCollection;
import io.jnetkit.elf.CollectionSpec;
import io.jnetkit.elf.Examples;
import io.jnetkit.netns.NetNs;

import java.util.ArrayList;
import java.util.List;

/**
 * The seed filter from {@code examples/port_filter.c}, compiled at build time and carried in the
 * jar ({@link Examples#PORT_FILTER}: no clang at run time), attached as an unpinned link so that
 * nothing outlives the demo: closing the link detaches it.
 */
final class PortFilter implements Filter {
    static final String PROGRAM = "port_filter";

    private BpfCollection collection;
    private Program program;
    private HookTarget target;
    private final List<BpfLink> links = new ArrayList<>();

    @Override
    public List<String> load() {
        CollectionSpec spec = CollectionSpec.readResource(Examples.PORT_FILTER);
        collection = BpfCollection.load(spec);
        program = collection.program(PROGRAM);
        ProgramInfo info = program.info();
        List<String> out = new ArrayList<>();
        out.add("program " + info.name() + ": " + info.type().word() + ", id " + info.id() + ", tag " + info.tag()
                + ", " + info.xlatedLength() / 8 + " insns, from examples/port_filter.c (license " + spec.license() + ")");
        out.add("maps: " + String.join(", ", collection.maps().entrySet().stream()
                .map(e -> e.getKey() + " (id " + e.getValue().id() + ")").toList())
                + "; blocked_port = " + collection.variableAsLong("blocked_port"));
        return out;
    }

    @Override
    public List<String> attachPeer(NetNs primaryNetns, String primaryName, int primaryIfindex) {
        target = HookTarget.resolve(primaryNetns, primaryName, HookName.PEER);
        if (target.ifindex() != primaryIfindex) {
            throw new Demo.CheckFailed(primaryName + " resolved to ifindex " + target.ifindex() + ", expected "
                    + primaryIfindex);
        }
        // Not pinned: the attachment ends with the demo, also when it is killed.
        BpfLink link = Attachments.attachLink(target.netns(), program, target.hook(), null, 0);
        links.add(link);
        return List.of("attached to " + target.describe() + " as link id " + link.id() + " (not pinned: it ends with"
                + " the demo); hook revision " + target.query().revision());
    }

    @Override
    public long counter(String name) {
        return collection.variableAsLong(name);
    }

    @Override
    public List<String> detach() {
        for (BpfLink l : links) {
            l.detach();
            l.close();
        }
        links.clear();
        HookQuery q = target.query();
        if (q.entries().stream().anyMatch(e -> e.programId() == program.id())) {
            throw new Demo.CheckFailed("port_filter is still attached to " + target.describe() + " after detach");
        }
        return List.of(target.describe() + ": " + q.count() + " programs attached (revision " + q.revision() + ")");
    }

    @Override
    public void close() {
        for (BpfLink l : links) {
            try {
                l.close();
            } catch (RuntimeException ignored) {
                // closing is all that is left to do
            }
        }
        links.clear();
        if (target != null) target.close();
        if (collection != null) collection.close();
    }
}
