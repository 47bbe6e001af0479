/**
 * The {@code jnetkit} command line: a verb-noun tree in iproute2's grammar (so the seed's
 * {@code ip …} lines translate word for word), {@code --json} on everything that shows
 * something, named exit codes mapped in one place ({@link io.jnetkit.cli.Exit}), stack traces
 * only with {@code --debug}.
 *
 * <p>Grouping commands hold no logic; each leaf command is one class that calls the library
 * and renders a record as text or JSON.
 */
package io.jnetkit.cli;
