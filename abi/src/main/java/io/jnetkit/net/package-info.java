/**
 * IP value types shared by every jnetkit module: {@link io.jnetkit.net.Cidr} (an address with a
 * prefix length, as {@code ip addr}, {@code ip route} and policy rules write them) and
 * {@link io.jnetkit.net.IpFamily} ({@code ip -4} / {@code ip -6}). Kernel-free; parsing never
 * touches DNS.
 *
 * <p>It lives in the {@code io.jnetkit.abi} module because that module is the root of the module
 * graph: rtnetlink (interface addresses, routes), policy (rule networks) and the CLI all read it
 * already, while a module of its own would add a reactor module for two value classes.
 */
package io.jnetkit.net;
