/** {@code jnetkit trace}: follow trace_pipe (bpf_printk), mounting tracefs when needed. */
package io.jnetkit.cli.trace;
