package io.jnetkit.testkit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Host tier: needs root and the host kernel (netns, veth, bpf, tcx), not netkit. Every such test
 * fails when it leaves a file descriptor open ({@link NoFdLeaks}) or a kernel object behind
 * ({@link NoKernelLeaks}).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("host")
@ExtendWith({NoFdLeaks.class, NoKernelLeaks.class})
public @interface HostTest {}
