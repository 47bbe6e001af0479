/**
 * Kernel ABI constants and struct layouts (uapi {@code netlink.h}, {@code rtnetlink.h},
 * {@code if_link.h}, {@code if_addr.h}), written down once and pinned by offset tests.
 *
 * <p>Internal to jnetkit: public packages expose records and enums, never these numbers.
 * Values are the kernel's; where a value appeared in a specific kernel version the comment
 * says so, because an attribute type above the running kernel's maximum is often silently
 * ignored rather than rejected (netkit's {@code IFLA_INFO_DATA} is parsed liberally).
 */
package io.jnetkit.abi;
