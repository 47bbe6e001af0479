/**
 * {@code jnetkit up/down/status -f FILE}: topology files built, torn down and checked by
 * {@link io.jnetkit.topology.TopologyEngine}. Thin: parse the options, read the file, call the
 * engine, print.
 */
package io.jnetkit.cli.topology;
