package io.jnetkit.netlink;

import io.jnetkit.sys.KernelException;

/**
 * The kernel answered a netlink request with an error. Carries the errno and, when the kernel
 * sent an extended ack, its text ({@code NLMSGERR_ATTR_MSG}) and the byte offset of the
 * offending attribute in the request ({@code NLMSGERR_ATTR_OFFS}).
 *
 * <p>Message: {@code create link task_nk: EEXIST (File exists): <kernel text>}.
 */
public class NetlinkException extends KernelException {
    private final Integer attributeOffset;

    public NetlinkException(String operation, int errno) {
        this(operation, errno, null, null);
    }

    public NetlinkException(String operation, int errno, String kernelMessage, Integer attributeOffset) {
        super(operation, errno, kernelMessage);
        this.attributeOffset = attributeOffset;
    }

    /** Byte offset, from the start of the request's nlmsghdr, of the attribute the kernel blamed; null if none. */
    public Integer attributeOffset() {
        return attributeOffset;
    }
}
