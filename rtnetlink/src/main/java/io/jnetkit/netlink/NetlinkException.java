package io.jnetkit.netlink;

import io.jnetkit.sys.KernelException;

/**
 * The kernel answered a netlink request with an error. Carries the errno and, when the kernel
 * sent an extended ack, its text ({@code NLMSGERR_ATTR_MSG}) and the byte offset of the
 * offending attribute in the request ({@code NLMSGERR_ATTR_OFFS}).
 *
 * <p>Message: {@code create link task_nk: EEXIST (File exists): <kernel text>[; <jnetkit's hint>]}.
 */
public class NetlinkException extends KernelException {
    private final Integer attributeOffset;

    public NetlinkException(String operation, int errno) {
        this(operation, errno, null, null);
    }

    public NetlinkException(String operation, int errno, String kernelMessage, Integer attributeOffset) {
        this(operation, errno, kernelMessage, attributeOffset, null);
    }

    /** With jnetkit's {@code hint} besides the kernel's text (see {@link KernelException}). */
    public NetlinkException(String operation, int errno, String kernelMessage, Integer attributeOffset, String hint) {
        super(operation, errno, kernelMessage, hint);
        this.attributeOffset = attributeOffset;
    }

    /** The same failure with jnetkit's {@code hint}, still a NetlinkException; keeps the stack trace. */
    @Override
    public NetlinkException withHint(String hint) {
        NetlinkException e = new NetlinkException(operation(), errno(), kernelText(), attributeOffset, hint);
        e.setStackTrace(getStackTrace());
        return e;
    }

    /** Byte offset, from the start of the request's nlmsghdr, of the attribute the kernel blamed; null if none. */
    public Integer attributeOffset() {
        return attributeOffset;
    }
}
