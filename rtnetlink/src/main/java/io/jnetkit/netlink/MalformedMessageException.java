package io.jnetkit.netlink;

/**
 * A netlink message or attribute does not fit its declared lengths: {@code nlmsg_len} or
 * {@code nla_len} shorter than a header or past the end of the buffer, trailing garbage, or an
 * attribute read as the wrong size (a u32 with two bytes). Thrown instead of ever returning a
 * wrong value or an out-of-bounds error; unchecked because it means the kernel (or a test) sent
 * bytes jnetkit cannot trust, not a condition callers handle.
 */
public class MalformedMessageException extends RuntimeException {
    public MalformedMessageException(String message) {
        super(message);
    }
}
