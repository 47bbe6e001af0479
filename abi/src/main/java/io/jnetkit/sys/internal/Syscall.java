package io.jnetkit.sys.internal;

import io.jnetkit.sys.KernelException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The single downcall: libc's {@code long syscall(long number, ...)}, always with six
 * {@code long} arguments (pointers passed as addresses), errno captured per call.
 *
 * <p>Declared variadic after the first argument, as the C prototype is; passing a fixed,
 * non-variadic shape would be undefined on some ABIs.
 */
public final class Syscall {
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle SYSCALL = bind();
    private static final ThreadLocal<MemorySegment> CAPTURE_SEGMENT =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE));

    private Syscall() {}

    private static MethodHandle bind() {
        Linker linker = Linker.nativeLinker();
        MemorySegment symbol = linker.defaultLookup().find("syscall")
                .orElseThrow(() -> new UnsupportedOperationException("libc has no syscall symbol"));
        FunctionDescriptor shape = FunctionDescriptor.of(JAVA_LONG,
                JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG);
        try {
            return linker.downcallHandle(symbol, shape,
                    Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));
        } catch (IllegalCallerException e) {
            throw new IllegalCallerException(
                    "jnetkit needs native access: run java with --enable-native-access=io.jnetkit.abi "
                            + "(module path) or ALL-UNNAMED (class path), or use bin/jnetkit", e);
        }
    }

    /** Result of one call: the raw return value and, when it is -1, the errno. */
    public record Result(long value, int errno) {
        public boolean failed() { return value == -1; }
    }

    /** Calls syscall {@code nr}; never throws for a kernel error, returns it instead. */
    public static Result call(long nr, long a1, long a2, long a3, long a4, long a5, long a6) {
        MemorySegment capture = CAPTURE_SEGMENT.get();
        long rc;
        try {
            rc = (long) SYSCALL.invokeExact(capture, nr, a1, a2, a3, a4, a5, a6);
        } catch (Throwable t) {
            throw new IllegalStateException("syscall " + nr + " downcall failed", t);
        }
        int errno = rc == -1 ? (int) ERRNO.get(capture, 0L) : 0;
        return new Result(rc, errno);
    }

    /** Calls syscall {@code nr} and throws {@link KernelException} naming {@code what} on failure. */
    public static long check(String what, long nr, long a1, long a2, long a3, long a4, long a5, long a6) {
        Result r = call(nr, a1, a2, a3, a4, a5, a6);
        if (r.failed()) {
            throw new KernelException(what, r.errno());
        }
        return r.value();
    }
}
