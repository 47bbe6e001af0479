/**
 * The example BPF objects ({@code *.o}, resources, no classes) named by
 * {@link io.jnetkit.elf.Examples}: compiled from {@code examples/*.c} during the build.
 *
 * <p>Module {@code io.jnetkit.elf} opens this package, so that any module (the CLI, its tests,
 * an application) can read the objects with {@code Class.getResourceAsStream}; a package that is
 * not open keeps its resources from other modules.
 */
package io.jnetkit.elf.examples;
