package io.jnetkit.cli.map;

import io.jnetkit.bpf.BpfMap;
import io.jnetkit.cli.Exit.UsageException;
import io.jnetkit.cli.attach.Args;
import io.jnetkit.cli.attach.Hex;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code id N | pinned PATH}, and the {@code key HEX… [value HEX…]} words after it. */
final class MapRef {
    private MapRef() {}

    static BpfMap open(Args a) {
        String w = a.next("map (id N or pinned PATH)");
        return switch (w) {
            case "id" -> BpfMap.fromId(a.id("map id"));
            // The library checks what is pinned there ("… is a pinned program, not a map").
            case "pinned" -> BpfMap.fromPinned(Path.of(a.next("pinned PATH")));
            default -> throw a.unknown(w, "id N or pinned PATH");
        };
    }

    /** Hex words after {@code keyword} up to one of {@code stops} (or the end). */
    static byte[] bytes(Args a, String keyword, Set<String> stops) {
        String k = a.next(keyword + " HEX…");
        if (!k.equals(keyword)) throw a.unknown(k, "\"" + keyword + "\"");
        List<String> ws = new ArrayList<>();
        while (a.more() && !stops.contains(a.peek())) ws.add(a.next(keyword));
        return Hex.parse(ws, a.command() + " " + keyword);
    }

    static void checkSize(String what, byte[] b, int want) {
        if (b.length != want) {
            throw new UsageException(what + " is " + b.length + " bytes; this map takes " + want);
        }
    }
}
