/** {@code jnetkit addr add|del|show}: IPv4 and IPv6 interface addresses ({@code ip address}). */
package io.jnetkit.cli.addr;
