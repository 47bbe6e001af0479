package io.jnetkit.rtnl;

/** A veth end. veth reports no kind-specific data; its peer's ifindex is {@link Link#link()}. */
public record VethInfo() implements LinkInfo {
    @Override
    public String kind() { return "veth"; }
}
