package io.jnetkit.testkit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Netkit tier: needs a kernel with netkit (6.7+, CONFIG_NETKIT). Runs in the kernel-lab guest
 * when the host has none. On a kernel without netkit every such test fails with a message
 * saying so — it is never skipped. Every such test fails when it leaves a file descriptor open
 * ({@link NoFdLeaks}) or a kernel object behind ({@link NoKernelLeaks}).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("netkit")
@ExtendWith({NetkitRequired.class, NoFdLeaks.class, NoKernelLeaks.class})
public @interface NetkitTest {}
