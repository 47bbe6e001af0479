/** {@code jnetkit route add|del|show}: IPv4 and IPv6 routes ({@code ip route}). */
package io.jnetkit.cli.route;
