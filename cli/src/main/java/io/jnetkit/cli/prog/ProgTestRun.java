package io.jnetkit.cli.prog;

import io.jnetkit.bpf.TestRun;
import io.jnetkit.cli.Exit.NotFoundException;
import io.jnetkit.cli.Exit.UsageException;
import io.jnetkit.cli.Global;
import io.jnetkit.cli.Json;
import io.jnetkit.cli.attach.Args;
import io.jnetkit.cli.attach.Hex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code jnetkit prog test-run PROGRAM (--data-hex HEX | --data-file FILE) [--repeat N]}. */
@Command(name = "test-run", header = "Run a program in the kernel on one packet, without a device (BPF_PROG_TEST_RUN).", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {
                "Run a program in the kernel on one packet (BPF_PROG_TEST_RUN), without any device, and "
                + "print its verdict (tcx/netkit: -1 next, 0 pass, 2 drop, 7 redirect) and the average time "
                + "per run. The packet starts at the Ethernet header (at least 14 bytes). --data-file takes "
                + "raw bytes or a pcap file (its first record).",
                "  PROGRAM: OBJ[:PROG] | id N | pinned PATH",
                "Example:",
                "  jnetkit prog test-run port_filter.o --data-file syn.pcap --repeat 1000",
        })
public final class ProgTestRun implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PROGRAM", arity = "0..*", description = "OBJ[:PROG], id N or pinned PATH.")
    List<String> words;

    @Option(names = "--data-hex", paramLabel = "HEX", description = "The packet in hex (spaces allowed).")
    String dataHex;

    @Option(names = "--data-file", paramLabel = "FILE", description = "The packet: raw bytes or a pcap file.")
    Path dataFile;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1", description = "Runs to average over (default 1).")
    int repeat;

    public record Result(int progId, String name, int retval, String verdict, long durationNs, int repeat,
                         String dataOut) {}

    @Override
    public Integer call() {
        Args a = new Args(words, "prog test-run");
        ProgramRef ref = ProgramRef.parse(a);
        a.end();
        if ((dataHex == null) == (dataFile == null)) {
            throw new UsageException("prog test-run: give exactly one of --data-hex and --data-file");
        }
        if (repeat < 1) {
            throw new UsageException("prog test-run: --repeat must be at least 1");
        }
        byte[] data = dataHex != null ? Hex.parse(dataHex, "--data-hex") : readPacket(dataFile);
        try (ProgramRef.Opened o = ref.open()) {
            TestRun r = o.program().testRun(data, repeat);
            byte[] outData = r.dataOut();
            String changed = Arrays.equals(outData, data) ? null : Hex.spaced(outData);
            Result res = new Result(o.program().id(), o.program().name(), r.retval(), Verdicts.name(r.retval()),
                    r.durationNanos(), repeat, changed);
            PrintWriter out = spec.commandLine().getOut();
            if (Global.json()) {
                out.println(Json.write(res));
            } else {
                out.println("retval " + res.retval() + " (" + res.verdict() + ")");
                out.println("duration " + res.durationNs() + " ns/run (average of " + repeat + ")");
                if (changed != null) out.println("data_out " + changed);
            }
            out.flush();
        }
        return 0;
    }

    /** Raw bytes, or the first record of a pcap file (either byte order, µs or ns timestamps). */
    static byte[] readPacket(Path file) {
        byte[] b;
        try {
            b = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new NotFoundException("--data-file " + file + ": no such file");
        } catch (IOException e) {
            throw new UsageException("--data-file " + file + ": " + e.getMessage());
        }
        return pcapFirstRecord(b);
    }

    static byte[] pcapFirstRecord(byte[] b) {
        if (b.length < 4) return b;
        int magicLe = ByteBuffer.wrap(b, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        ByteOrder order;
        if (magicLe == 0xa1b2c3d4 || magicLe == 0xa1b23c4d) order = ByteOrder.LITTLE_ENDIAN;
        else if (Integer.reverseBytes(magicLe) == 0xa1b2c3d4 || Integer.reverseBytes(magicLe) == 0xa1b23c4d) order = ByteOrder.BIG_ENDIAN;
        else return b;
        if (b.length < 24 + 16) throw new UsageException("pcap file has no packet record");
        ByteBuffer bb = ByteBuffer.wrap(b).order(order);
        int linktype = bb.getInt(20);
        if (linktype != 1) throw new UsageException("pcap link type " + linktype + " is not Ethernet (1)");
        int incl = bb.getInt(24 + 8);
        if (incl < 0 || 40 + incl > b.length) throw new UsageException("pcap record is truncated");
        return Arrays.copyOfRange(b, 40, 40 + incl);
    }
}
