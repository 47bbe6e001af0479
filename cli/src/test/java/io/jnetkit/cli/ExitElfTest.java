package io.jnetkit.cli;

import io.jnetkit.elf.ElfException;
import io.jnetkit.sys.Errno;
import io.jnetkit.sys.KernelException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Exit codes for the ELF loader's exceptions: bad input, unless the kernel refused a part. */
class ExitElfTest {
    @Test
    void elfExceptions() {
        assertEquals(Exit.USAGE, Exit.of(new ElfException("read x.o: map m: type 0")));
        assertEquals(Exit.KERNEL, Exit.of(new ElfException("create map m: …",
                new KernelException("create map m with BTF", Errno.EINVAL))));
    }
}
