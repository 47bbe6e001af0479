package io.jnetkit.sys;

/** errno values by their kernel names, with the short description libc prints. */
public final class Errno {
    private Errno() {}

    public static final int EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EIO = 5, ENXIO = 6,
            E2BIG = 7, EBADF = 9, EAGAIN = 11, ENOMEM = 12, EACCES = 13, EFAULT = 14, EBUSY = 16,
            EEXIST = 17, EXDEV = 18, ENODEV = 19, ENOTDIR = 20, EISDIR = 21, EINVAL = 22,
            EMFILE = 24, ENOTTY = 25, ENOSPC = 28, ERANGE = 34, ENAMETOOLONG = 36, ENOSYS = 38,
            ENOTEMPTY = 39, ENOLINK = 67, EPROTO = 71, EBADMSG = 74, EOVERFLOW = 75,
            EMSGSIZE = 90, EPROTONOSUPPORT = 93, EOPNOTSUPP = 95, EAFNOSUPPORT = 97,
            EADDRINUSE = 98, EADDRNOTAVAIL = 99, ENETDOWN = 100, ENETUNREACH = 101,
            ENOBUFS = 105, ETIMEDOUT = 110, ECONNREFUSED = 111, EHOSTUNREACH = 113,
            ESTALE = 116, EDQUOT = 122, ENOTSUPP = 524;

    private static final String[][] TABLE = {
            {"1", "EPERM", "Operation not permitted"}, {"2", "ENOENT", "No such file or directory"},
            {"3", "ESRCH", "No such process"}, {"4", "EINTR", "Interrupted system call"},
            {"5", "EIO", "Input/output error"}, {"6", "ENXIO", "No such device or address"},
            {"7", "E2BIG", "Argument list too long"}, {"9", "EBADF", "Bad file descriptor"},
            {"11", "EAGAIN", "Resource temporarily unavailable"}, {"12", "ENOMEM", "Cannot allocate memory"},
            {"13", "EACCES", "Permission denied"}, {"14", "EFAULT", "Bad address"},
            {"16", "EBUSY", "Device or resource busy"}, {"17", "EEXIST", "File exists"},
            {"18", "EXDEV", "Invalid cross-device link"}, {"19", "ENODEV", "No such device"},
            {"20", "ENOTDIR", "Not a directory"}, {"21", "EISDIR", "Is a directory"},
            {"22", "EINVAL", "Invalid argument"}, {"24", "EMFILE", "Too many open files"},
            {"25", "ENOTTY", "Inappropriate ioctl for device"},
            {"28", "ENOSPC", "No space left on device"}, {"34", "ERANGE", "Numerical result out of range"},
            {"36", "ENAMETOOLONG", "File name too long"}, {"38", "ENOSYS", "Function not implemented"},
            {"39", "ENOTEMPTY", "Directory not empty"}, {"67", "ENOLINK", "Link has been severed"},
            {"71", "EPROTO", "Protocol error"}, {"74", "EBADMSG", "Bad message"},
            {"75", "EOVERFLOW", "Value too large for defined data type"}, {"90", "EMSGSIZE", "Message too long"},
            {"93", "EPROTONOSUPPORT", "Protocol not supported"}, {"95", "EOPNOTSUPP", "Operation not supported"},
            {"97", "EAFNOSUPPORT", "Address family not supported by protocol"},
            {"98", "EADDRINUSE", "Address already in use"}, {"99", "EADDRNOTAVAIL", "Cannot assign requested address"},
            {"100", "ENETDOWN", "Network is down"}, {"101", "ENETUNREACH", "Network is unreachable"},
            {"105", "ENOBUFS", "No buffer space available"}, {"110", "ETIMEDOUT", "Connection timed out"},
            {"111", "ECONNREFUSED", "Connection refused"}, {"113", "EHOSTUNREACH", "No route to host"},
            {"116", "ESTALE", "Stale file handle"}, {"122", "EDQUOT", "Disk quota exceeded"},
            // Kernel-internal, leaks out of bpf(2): "operation not supported" in the kernel's own words.
            {"524", "ENOTSUPP", "Operation not supported (kernel internal)"},
    };

    /** The kernel name, e.g. {@code EEXIST}, or {@code errno N} for one not in the table. */
    public static String name(int errno) {
        for (String[] row : TABLE) {
            if (Integer.parseInt(row[0]) == errno) {
                return row[1];
            }
        }
        return "errno " + errno;
    }

    /** libc's description, e.g. {@code File exists}. */
    public static String describe(int errno) {
        for (String[] row : TABLE) {
            if (Integer.parseInt(row[0]) == errno) {
                return row[2];
            }
        }
        return "Unknown error " + errno;
    }
}
