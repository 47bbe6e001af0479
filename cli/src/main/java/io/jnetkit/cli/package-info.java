/**
 * The {@code jnetkit} command line: a verb-noun tree in iproute2's grammar (so the seed's
 * {@code ip …} lines translate word for word), {@code --json} on everything that shows
 * something, named exit codes mapped in one place ({@link io.jnetkit.cli.Exit}), stack traces
 * only with {@code --debug}. An error is one line on stderr and, with {@code --json}, also one
 * object on stdout ({@code {"error", "errno", "exit", "hint"}}), both from {@link io.jnetkit.cli.Main}.
 * Arguments the JVM could not decode (U+FFFD from sun.jnu.encoding) are refused before any
 * command runs: a device named from one would not have the name the user typed.
 *
 * <p>Grouping commands hold no logic; each leaf command is one class that calls the library
 * and renders a record as text or JSON.
 */
package io.jnetkit.cli;
