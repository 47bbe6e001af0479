/** {@code jnetkit net show}: bpftool net show, complete for netkit (both lists, through the primary). */
package io.jnetkit.cli.net;
