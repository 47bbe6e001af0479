package io.jnetkit.abi;

/**
 * uapi {@code if_link.h}, netkit section. Attribute types above the running kernel's
 * IFLA_NETKIT_MAX are silently ignored (IFLA_INFO_DATA is parsed liberally), which is why
 * jnetkit reads every device back after creating it.
 */
public final class NetkitAbi {
    private NetkitAbi() {}

    public static final String KIND = "netkit";

    /** ifinfomsg + IFLA_* attributes for the peer; create only (6.7). */
    public static final int IFLA_NETKIT_PEER_INFO = 1;
    /** u8, read-only: sending it is EINVAL (6.7). */
    public static final int IFLA_NETKIT_PRIMARY = 2;
    /** u32 netkit_action, this device's default when no program is attached (6.7). */
    public static final int IFLA_NETKIT_POLICY = 3;
    /** u32 netkit_action, the other end's default (6.7). */
    public static final int IFLA_NETKIT_PEER_POLICY = 4;
    /** u32 netkit_mode, pair-wide, create only (6.7). */
    public static final int IFLA_NETKIT_MODE = 5;
    /** u32 netkit_scrub (6.13; backported to 6.12.y). */
    public static final int IFLA_NETKIT_SCRUB = 6;
    /** u32 netkit_scrub (6.13; backported to 6.12.y). */
    public static final int IFLA_NETKIT_PEER_SCRUB = 7;
    /** u16, create only (6.14). */
    public static final int IFLA_NETKIT_HEADROOM = 8;
    /** u16, create only (6.14). */
    public static final int IFLA_NETKIT_TAILROOM = 9;
    /** u32 netkit_pairing, create only (7.1; an earlier merge was reverted). */
    public static final int IFLA_NETKIT_PAIRING = 10;

    public static final int NETKIT_NEXT = -1, NETKIT_PASS = 0, NETKIT_DROP = 2, NETKIT_REDIRECT = 7;
    /** Absent MODE means L3 (1), not 0. */
    public static final int NETKIT_L2 = 0, NETKIT_L3 = 1;
    /** Absent SCRUB means DEFAULT (1), not 0. */
    public static final int NETKIT_SCRUB_NONE = 0, NETKIT_SCRUB_DEFAULT = 1;
    public static final int NETKIT_DEVICE_PAIR = 0, NETKIT_DEVICE_SINGLE = 1;
}
