/**
 * {@code jnetkit up/down/status -f FILE}: topology files built, torn down and checked by
 * {@link io.jnetkit.topology.TopologyEngine}; {@code jnetkit graph -f FILE}: drawn by
 * {@link io.jnetkit.topology.TopologyGraph} and Graphviz. Thin: parse the options, read the file,
 * call the library, print.
 */
package io.jnetkit.cli.topology;
