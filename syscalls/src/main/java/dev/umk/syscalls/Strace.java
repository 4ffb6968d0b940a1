package dev.umk.syscalls;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Sysno;
import dev.umk.core.hw.Registers;
import dev.umk.mm.AddressSpace;
import dev.umk.sched.Task;
import java.io.PrintStream;

/**
 * Prints syscalls in strace's format: {@code name(args) = result}, with errno names for
 * failures. Argument shapes come from a compact per-syscall signature: one letter an
 * argument: d int, u unsigned, x hex, p pointer, s C string, b buffer whose length is the
 * next argument, o octal mode, f fd.
 */
final class Strace {
    private static final int MAX_STR = 32;
    private static final String[] SIGS = new String[Sysno.MAX];

    static {
        sig("read", "fpu"); sig("write", "fbu"); sig("open", "sxo"); sig("close", "f");
        sig("stat", "sp"); sig("fstat", "fp"); sig("lstat", "sp"); sig("poll", "pud");
        sig("lseek", "fdd"); sig("mmap", "xxxxfx"); sig("mprotect", "xxx"); sig("munmap", "xx");
        sig("brk", "x"); sig("rt_sigaction", "dppu"); sig("rt_sigprocmask", "dppu");
        sig("rt_sigreturn", ""); sig("ioctl", "fxx"); sig("pread64", "fpud"); sig("pwrite64", "fbud");
        sig("readv", "fpd"); sig("writev", "fpd"); sig("access", "so"); sig("pipe", "p");
        sig("sched_yield", ""); sig("mremap", "xxxxx"); sig("msync", "xxx"); sig("mincore", "xxp");
        sig("madvise", "xxd"); sig("dup", "f"); sig("dup2", "ff"); sig("nanosleep", "pp");
        sig("getpid", ""); sig("exit", "d"); sig("exit_group", "d"); sig("wait4", "dpxp");
        sig("kill", "dd"); sig("uname", "p"); sig("fcntl", "fdx"); sig("getcwd", "pu");
        sig("chdir", "s"); sig("mkdir", "so"); sig("rmdir", "s"); sig("unlink", "s");
        sig("readlink", "spu"); sig("gettimeofday", "pp"); sig("getrlimit", "dp"); sig("getuid", "");
        sig("getgid", ""); sig("geteuid", ""); sig("getegid", ""); sig("getppid", ""); sig("gettid", "");
        sig("sigaltstack", "pp"); sig("arch_prctl", "xx"); sig("time", "p"); sig("set_tid_address", "p");
        sig("clock_gettime", "dp"); sig("clock_getres", "dp"); sig("clock_nanosleep", "dxpp");
        sig("set_robust_list", "pu"); sig("getrandom", "pux"); sig("prlimit64", "ddpp");
        sig("sched_getaffinity", "dup"); sig("openat", "fsxo"); sig("newfstatat", "fspx");
        sig("execve", "spp"); sig("rseq", "puxx"); sig("getdents64", "fpu"); sig("exit", "d");
        sig("statx", "fsxxp"); sig("fork", ""); sig("vfork", ""); sig("clone", "xppx");
        // files
        sig("creat", "so"); sig("openat2", "fspu"); sig("close_range", "ffx"); sig("dup3", "ffx");
        sig("flock", "fd"); sig("fsync", "f"); sig("fdatasync", "f"); sig("sync", ""); sig("syncfs", "f");
        sig("truncate", "sd"); sig("ftruncate", "fd"); sig("getdents", "fpu"); sig("fchdir", "f");
        sig("rename", "ss"); sig("link", "ss"); sig("symlink", "ss"); sig("chmod", "so"); sig("fchmod", "fo");
        sig("chown", "sdd"); sig("fchown", "fdd"); sig("lchown", "sdd"); sig("umask", "o"); sig("mknod", "sox");
        sig("chroot", "s"); sig("mkdirat", "fso"); sig("mknodat", "fsox"); sig("fchownat", "fsddx");
        sig("futimesat", "fsp"); sig("unlinkat", "fsx"); sig("renameat", "fsfs"); sig("linkat", "fsfsx");
        sig("symlinkat", "sfs"); sig("readlinkat", "fspu"); sig("fchmodat", "fso"); sig("fchmodat2", "fsox");
        sig("faccessat", "fso"); sig("faccessat2", "fsox"); sig("utimensat", "fspx"); sig("utime", "sp");
        sig("utimes", "sp"); sig("fallocate", "fxdd"); sig("pipe2", "px"); sig("preadv", "fpdd");
        sig("pwritev", "fpdd"); sig("preadv2", "fpddx"); sig("pwritev2", "fpddx"); sig("renameat2", "fsfsx");
        sig("memfd_create", "sx"); sig("copy_file_range", "fpfpux"); sig("splice", "fpfpux"); sig("tee", "ffux");
        sig("sendfile", "ffpu"); sig("mount", "sssxp"); sig("umount2", "sx"); sig("statfs", "sp");
        sig("fstatfs", "fp"); sig("setxattr", "sspux"); sig("lsetxattr", "sspux"); sig("fsetxattr", "fspux");
        sig("getxattr", "sspu"); sig("lgetxattr", "sspu"); sig("fgetxattr", "fspu"); sig("listxattr", "spu");
        sig("llistxattr", "spu"); sig("flistxattr", "fpu"); sig("removexattr", "ss"); sig("lremovexattr", "ss");
        sig("fremovexattr", "fs");
    }

    private static void sig(String name, String shape) {
        SIGS[Sysno.number(name)] = shape;
    }

    private final PrintStream out;

    Strace(PrintStream out) {
        this.out = out;
    }

    /** Formats the call as it enters: string arguments must be read before the call runs. */
    String enter(Task t, int nr, Registers r) {
        StringBuilder b = new StringBuilder(64).append(Sysno.name(nr)).append('(');
        String shape = nr >= 0 && nr < SIGS.length && SIGS[nr] != null ? SIGS[nr] : "xxxxxx";
        for (int i = 0; i < shape.length(); i++) {
            if (i > 0) b.append(", ");
            long v = r.arg(i);
            char k = shape.charAt(i);
            switch (k) {
                case 'd': case 'f': b.append((int) v); break;
                case 'u': b.append(Long.toUnsignedString(v)); break;
                case 'o': b.append("0").append(Long.toOctalString(v & 0xffffffffL)); break;
                case 's': str(b, t.mm(), v, -1); break;
                case 'b': str(b, t.mm(), v, (int) Math.min(r.arg(i + 1), MAX_STR + 1)); break;
                case 'p': b.append(v == 0 ? "NULL" : "0x" + Long.toHexString(v)); break;
                default: b.append("0x").append(Long.toHexString(v));
            }
        }
        return b.append(')').toString();
    }

    void exit(Task t, String call, long ret) {
        StringBuilder b = new StringBuilder(call.length() + 32);
        if (t.group().pid() != 1) b.append("[pid ").append(t.tid()).append("] ");
        b.append(call).append(" = ");
        if (Errno.isError(ret)) {
            Errno e = Errno.of((int) -ret);
            b.append("-1 ").append(e == null ? "E" + -ret : e.name() + " (" + e.description() + ")");
        } else if (ret > 0xffff || ret < -0xffff) {
            b.append("0x").append(Long.toHexString(ret));
        } else {
            b.append(ret);
        }
        synchronized (out) {
            out.println(b);
        }
    }

    private static void str(StringBuilder b, AddressSpace mm, long va, int len) {
        if (va == 0) {
            b.append("NULL");
            return;
        }
        byte[] data;
        boolean more = false;
        try {
            if (len < 0) {
                data = mm.readCString(va, 4096);
                if (data.length > MAX_STR) {
                    data = java.util.Arrays.copyOf(data, MAX_STR);
                    more = true;
                }
            } else {
                more = len > MAX_STR;
                data = new byte[Math.min(len, MAX_STR)];
                mm.read(va, data, 0, data.length);
            }
        } catch (RuntimeException e) {
            b.append("0x").append(Long.toHexString(va));
            return;
        }
        b.append('"');
        for (byte x : data) {
            int c = x & 0xff;
            switch (c) {
                case '\n': b.append("\\n"); break;
                case '\t': b.append("\\t"); break;
                case '\r': b.append("\\r"); break;
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                default:
                    if (c >= 0x20 && c < 0x7f) b.append((char) c);
                    else b.append(String.format("\\%o", c));
            }
        }
        b.append('"');
        if (more) b.append("...");
    }
}
