/** {@code jnetkit cni install}: the CNI plugin of io.jnetkit.cni, put where container runtimes look. */
package io.jnetkit.cli.cni;
