/**
 * The kernel boundary: the one {@code syscall(2)} downcall and the uapi constants.
 *
 * <p>The only module that needs native access ({@code --enable-native-access=io.jnetkit.abi}):
 * {@link io.jnetkit.sys.internal.Syscall} holds jnetkit's single FFM downcall. Applications see
 * errors, errno names and owned file descriptors ({@code io.jnetkit.sys}); the raw system calls
 * and the ABI numbers are exported only to the library modules that talk to the kernel.
 */
module io.jnetkit.abi {
    exports io.jnetkit.sys;
    exports io.jnetkit.net;
    // Front ends (the CLI) can reach neither: the module system keeps kernel logic in the library.
    exports io.jnetkit.sys.internal to
            io.jnetkit.netns, io.jnetkit.rtnetlink, io.jnetkit.bpf, io.jnetkit.hooks, io.jnetkit.probe,
            io.jnetkit.topology;
    exports io.jnetkit.abi to
            io.jnetkit.rtnetlink, io.jnetkit.bpf, io.jnetkit.elf;
}
