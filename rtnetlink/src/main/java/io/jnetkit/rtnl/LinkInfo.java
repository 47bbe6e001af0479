package io.jnetkit.rtnl;

/** Kind-specific data read back from {@code IFLA_LINKINFO}, as {@code ip -d link show} prints it. */
public sealed interface LinkInfo permits NetkitInfo, VethInfo, GenericInfo {
    /** {@code IFLA_INFO_KIND}, or null for devices without one (e.g. {@code lo}). */
    String kind();
}
