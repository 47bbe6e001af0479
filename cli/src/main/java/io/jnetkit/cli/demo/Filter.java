package io.jnetkit.cli.demo;

import io.jnetkit.netns.NetNs;

import java.util.List;

/**
 * The seed's port filter as the demo uses it: loaded from the object compiled at build time,
 * attached to a netkit pair's peer hook, its {@code .bss} counter read, detached. Kept behind an
 * interface so the step logic does not depend on how the object is loaded.
 */
interface Filter extends AutoCloseable {
    /** Loads the program (and its maps) into the kernel; returns lines describing it. */
    List<String> load();

    /**
     * Attaches the loaded program to the netkit peer hook of the pair whose primary has
     * {@code primaryIfindex} in {@code primaryNetns}; returns lines describing the attachment.
     */
    List<String> attachPeer(NetNs primaryNetns, String primaryName, int primaryIfindex);

    /** The program's {@code .bss} counter {@code name} (e.g. "dropped"). */
    long counter(String name);

    /** Detaches from the hook; returns lines describing what the hook holds afterwards. */
    List<String> detach();

    /** Detaches if still attached and unloads; never throws for an already-closed filter. */
    @Override
    void close();
}
