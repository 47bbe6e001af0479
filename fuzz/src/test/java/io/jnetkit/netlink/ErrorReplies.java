package io.jnetkit.netlink;

/**
 * Reaches the socket's package-private {@code NLMSG_ERROR}/{@code NLMSG_DONE} reader for the
 * netlink fuzz target (on the class path this is the library's own package).
 */
public final class ErrorReplies {
    private ErrorReplies() {}

    /** What the socket reads from an error or done message: errno, extack text and offset. */
    public static String read(Message m, boolean done) {
        NetlinkSocket.ErrorReply e = done ? NetlinkSocket.ErrorReply.parseDone(m) : NetlinkSocket.ErrorReply.parse(m);
        return e.errno() + " " + e.text() + " " + e.offset();
    }
}
