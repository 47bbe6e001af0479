/** {@code jnetkit prog load|show|dump|test-run}: bpftool prog, pure Java. */
package io.jnetkit.cli.prog;
