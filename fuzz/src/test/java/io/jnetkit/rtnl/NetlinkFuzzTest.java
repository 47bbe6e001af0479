package io.jnetkit.rtnl;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jnetkit.abi.RtnlAbi;
import io.jnetkit.netlink.Attributes;
import io.jnetkit.netlink.ErrorReplies;
import io.jnetkit.netlink.MalformedMessageException;
import io.jnetkit.netlink.Message;

import static io.jnetkit.abi.NetlinkAbi.*;
import static io.jnetkit.abi.RtnlAbi.*;

/**
 * Netlink replies as the socket receives them ({@code ip link/addr/route show}): a datagram is
 * split into messages ({@link Message#parseAll}), and each is read the way the library reads it:
 * errors and dump ends for their errno and extack, links, addresses and routes by their
 * decoders, namespace ids by their attribute. The only exception that may escape is
 * {@link MalformedMessageException}; the decoded values must also print.
 *
 * <p>Lives in package {@code io.jnetkit.rtnl} because the decoders are package-private: the
 * fuzz module runs on the class path, where this is the library's own package.
 */
class NetlinkFuzzTest {
    @FuzzTest(maxDuration = "3s")
    void datagram(FuzzedDataProvider data) {
        byte[] buf = data.consumeRemainingAsBytes();
        try {
            for (Message m : Message.parseAll(buf, buf.length)) {
                read(m).length();
            }
        } catch (MalformedMessageException expected) {
            // a clean refusal
        }
    }

    private static String read(Message m) {
        return switch (m.type()) {
            case NLMSG_ERROR -> ErrorReplies.read(m, false);
            case NLMSG_DONE -> m.payloadLength() >= 4 ? ErrorReplies.read(m, true) : "done";
            case RTM_NEWLINK -> LinkCodec.decode(m) + " " + LinkCodec.ifindexOf(m);
            // null: a family the library does not list (skipped, as Addresses/Routes.list do)
            case RTM_NEWADDR -> String.valueOf(AddressCodec.decode(m));
            case RTM_NEWROUTE -> String.valueOf(RouteCodec.decode(m));
            case RTM_NEWNSID -> String.valueOf(m.attributes(RtnlAbi.RTGENMSG_SIZE).s32(RtnlAbi.NETNSA_NSID));
            default -> {
                // a message type the library does not decode: walk its attributes generically
                if (m.payloadLength() < 16) yield "short";
                Attributes a = m.attributes(16);
                StringBuilder sb = new StringBuilder();
                for (int t : a.types()) {
                    sb.append(a.string(t));
                    Attributes nested = a.nested(t);
                    sb.append(nested.size());
                }
                yield sb.toString();
            }
        };
    }
}
