/** {@code jnetkit doctor}: what this host's kernel supports for jnetkit, and whether the kernel lab can run. */
package io.jnetkit.cli.doctor;
