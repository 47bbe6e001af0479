/** {@code jnetkit map show|dump|lookup|update}: bpftool map, with hex bytes. */
package io.jnetkit.cli.map;
