package io.jnetkit.rtnl;

import io.jnetkit.netlink.Attributes;
import io.jnetkit.netlink.MalformedMessageException;
import io.jnetkit.netlink.Message;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static io.jnetkit.abi.RtnlAbi.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Random truncations and bit flips of valid messages: the decoders may succeed or throw
 * MalformedMessageException, nothing else (no index errors, no NPE, no IllegalArgumentException).
 */
class FuzzTest {
    private static void decodeAll(byte[] buf, int len) {
        for (Message m : Message.parseAll(buf, len)) {
            switch (m.type()) {
                case RTM_NEWLINK -> {
                    Link l = LinkCodec.decode(m);
                    assertNotNull(l.name());
                }
                case RTM_NEWADDR -> AddressCodec.decode(m);
                case RTM_NEWROUTE -> RouteCodec.decode(m);
                default -> {
                    // a flipped type: walk the attributes generically, two levels deep
                    if (m.payloadLength() >= 16) {
                        Attributes a = m.attributes(16);
                        for (int t : a.types()) {
                            a.bytes(t);
                            a.string(t);
                        }
                    }
                }
            }
        }
    }

    @Test
    void mutatedMessagesOnlyEverThrowMalformed() {
        List<byte[]> samples = List.of(Samples.netkitPrimary(1), Samples.address(), Samples.route());
        // several messages in one datagram, like a dump
        byte[] all = new byte[samples.stream().mapToInt(b -> b.length).sum()];
        int at = 0;
        for (byte[] s : samples) {
            System.arraycopy(s, 0, all, at, s.length);
            at += s.length;
        }
        decodeAll(all, all.length); // the unmutated datagram parses
        SplittableRandom rnd = new SplittableRandom(20260707);
        int ok = 0, malformed = 0;
        for (int i = 0; i < 30_000; i++) {
            byte[] b = Arrays.copyOf(all, all.length);
            int len = b.length;
            switch (rnd.nextInt(4)) {
                case 0 -> len = rnd.nextInt(len + 1);
                case 1 -> {
                    for (int f = rnd.nextInt(1, 4); f > 0; f--) {
                        int bit = rnd.nextInt(len * 8);
                        b[bit / 8] ^= (byte) (1 << (bit % 8));
                    }
                }
                case 2 -> b[rnd.nextInt(len)] = (byte) rnd.nextInt(256);
                default -> {
                    b[rnd.nextInt(len)] = (byte) rnd.nextInt(256);
                    len = rnd.nextInt(len + 1);
                }
            }
            try {
                decodeAll(b, len);
                ok++;
            } catch (MalformedMessageException e) {
                malformed++;
            } catch (RuntimeException e) {
                fail("mutation " + i + " threw " + e, e);
            }
        }
        assertTrue(ok > 0 && malformed > 0, "both outcomes seen: ok " + ok + ", malformed " + malformed);
    }

    @Test
    void everyTruncationOfALinkMessage() {
        byte[] b = Samples.netkitPrimary(1);
        for (int len = 0; len < b.length; len++) {
            byte[] cut = Arrays.copyOf(b, len);
            // also fix nlmsg_len to the cut length, so the attribute walker itself meets the cut
            if (len >= 4) {
                cut[0] = (byte) len;
                cut[1] = (byte) (len >> 8);
            }
            try {
                decodeAll(cut, len);
            } catch (MalformedMessageException expected) {
                // fine
            }
        }
    }
}
