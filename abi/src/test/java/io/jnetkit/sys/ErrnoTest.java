package io.jnetkit.sys;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ErrnoTest {
    @Test
    void namesAndMessages() {
        assertEquals("EEXIST", Errno.name(17));
        assertEquals("File exists", Errno.describe(17));
        assertEquals("errno 4242", Errno.name(4242));
        KernelException e = new KernelException("create link x", Errno.EACCES,
                "netkit link settings can be changed only through the primary device");
        assertEquals("create link x: EACCES (Permission denied): "
                + "netkit link settings can be changed only through the primary device", e.getMessage());
        assertEquals("EACCES", e.errnoName());
    }
}
