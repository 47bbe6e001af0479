package io.jnetkit.sys;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The kernel's words and jnetkit's hint are kept apart and shown in one fixed shape. */
class KernelExceptionTest {
    @Test
    void kernelTextAndHintAreSeparate() {
        KernelException both = new KernelException("create link a", Errno.EEXIST, "ipv4: Address already assigned",
                "the peer name b is taken");
        assertEquals("ipv4: Address already assigned", both.kernelText());
        assertEquals("the peer name b is taken", both.hint());
        assertEquals("create link a: EEXIST (File exists): ipv4: Address already assigned; the peer name b is taken",
                both.getMessage());

        KernelException hintOnly = new KernelException("get link x", Errno.ENODEV, null, "link x does not exist");
        assertNull(hintOnly.kernelText());
        assertEquals("get link x: ENODEV (No such device); link x does not exist", hintOnly.getMessage());

        KernelException bare = new KernelException("open /x", Errno.ENOENT, " ", "");
        assertNull(bare.kernelText(), "blank is none");
        assertNull(bare.hint());
        assertEquals("open /x: ENOENT (No such file or directory)", bare.getMessage());
    }

    @Test
    void withHintKeepsTheKernelsPart() {
        KernelException e = new KernelException("attach p", Errno.ENOENT, "from the kernel");
        KernelException hinted = e.withHint("no program id 7 to place before");
        assertEquals("attach p", hinted.operation());
        assertEquals(Errno.ENOENT, hinted.errno());
        assertSame(e.kernelText(), hinted.kernelText());
        assertEquals("attach p: ENOENT (No such file or directory): from the kernel; no program id 7 to place before",
                hinted.getMessage());
        assertEquals(e.getStackTrace().length, hinted.getStackTrace().length);
    }
}
