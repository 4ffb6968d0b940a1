package dev.umk.fs.proc;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.Names;
import dev.umk.fs.SuperBlock;
import java.util.UUID;

/**
 * /proc/sys: the sysctls programs read to learn about the kernel (kernel.*, vm.*, fs.*),
 * with the values umk actually has. kernel.hostname, kernel.core_pattern and
 * kernel.core_uses_pid are writable (by root, as their 0644 mode allows), and
 * kernel.ns_last_pid (0666, but only CAP_SYS_ADMIN or CAP_CHECKPOINT_RESTORE may write it,
 * as Linux checks); the rest are read-only here because umk has nothing they would change.
 */
final class Sysctls {
    /** __NEW_UTS_LEN: the longest host name. */
    static final int UTS_LEN = 64;
    /** CORENAME_MAX_SIZE: the longest core_pattern. */
    static final int CORENAME_MAX = 128;
    /** The default pid_max (PID_MAX_DEFAULT on 64-bit with many CPUs), ns_last_pid's ceiling. */
    static final int PID_MAX = 4194304;
    /** CAP_CHECKPOINT_RESTORE, which also lets a process set ns_last_pid. */
    private static final int CAP_CHECKPOINT_RESTORE = 40;

    private Sysctls() {}

    static StaticDir build(SuperBlock sb, KernelInfo k, ProcessInfo procs) {
        StaticDir sys = new StaticDir(sb, 0555, null);
        StaticDir kernel = sys.dir("kernel", 0555);
        kernel.file("hostname", 0644, () -> line(k.hostname()), (data, pos) -> setHostname(k, data, pos));
        value(kernel, "domainname", "(none)");
        value(kernel, "ostype", "Linux");
        value(kernel, "osrelease", KernelInfo.RELEASE);
        value(kernel, "version", KernelInfo.VERSION);
        value(kernel, "pid_max", Integer.toString(PID_MAX));
        kernel.file("ns_last_pid", 0666, () -> line(Integer.toString(k.lastPid())),
                (data, pos) -> setLastPid(k, procs, data));
        // No taint source exists in umk: no modules, no oopses, no forced loads.
        value(kernel, "tainted", "0");
        value(kernel, "threads-max", "126000");
        value(kernel, "ngroups_max", "65536");
        value(kernel, "cap_last_cap", "40");
        value(kernel, "overflowuid", "65534");
        value(kernel, "overflowgid", "65534");
        value(kernel, "randomize_va_space", "2");
        kernel.file("core_pattern", 0644, () -> line(k.corePattern()),
                (data, pos) -> k.setCorePattern(appendString(k.corePattern(), data, pos, CORENAME_MAX - 1)));
        kernel.file("core_uses_pid", 0644, () -> line(Integer.toString(k.coreUsesPid())),
                (data, pos) -> k.setCoreUsesPid(parseInt(data)));
        value(kernel, "printk", "4\t4\t1\t7");
        value(kernel, "shmmax", "18446744073692774399");
        value(kernel, "shmall", "18446744073692774399");
        value(kernel, "shmmni", "4096");
        value(kernel, "msgmax", "8192");
        value(kernel, "msgmnb", "16384");
        value(kernel, "msgmni", "32000");
        value(kernel, "sem", "32000\t1024000000\t500\t32000");
        StaticDir random = kernel.dir("random", 0555);
        String bootId = UUID.randomUUID().toString();
        value(random, "boot_id", bootId);
        random.file("uuid", 0444, () -> line(UUID.randomUUID().toString()));
        value(random, "entropy_avail", "256");
        value(random, "poolsize", "256");
        StaticDir vm = sys.dir("vm", 0555);
        value(vm, "overcommit_memory", "0");
        value(vm, "overcommit_ratio", "50");
        value(vm, "overcommit_kbytes", "0");
        value(vm, "max_map_count", "65530");
        value(vm, "mmap_min_addr", "65536");
        StaticDir fs = sys.dir("fs", 0555);
        value(fs, "file-max", "9223372036854775807");
        value(fs, "nr_open", "1048576");
        value(fs, "pipe-max-size", "1048576");
        // Linux's defaults; umk does not charge pipe buffers to their user, so no limit bites.
        value(fs, "pipe-user-pages-soft", "16384");
        value(fs, "pipe-user-pages-hard", "0");
        return sys;
    }

    private static void value(StaticDir dir, String name, String v) {
        byte[] text = line(v);
        dir.file(name, 0444, () -> text);
    }

    private static byte[] line(String v) {
        return Names.toBytes(v + "\n");
    }

    /**
     * proc_dostring: the value ends at the first newline or NUL and is cut to the field size;
     * a write at a later position appends, as a second write(2) of one open would.
     */
    private static void setHostname(KernelInfo k, byte[] data, long pos) {
        k.setHostname(appendString(k.hostname(), data, pos, UTS_LEN));
    }

    /** proc_dostring's new value: {@code data} up to a newline or NUL, after {@code old} when pos > 0. */
    private static String appendString(String old, byte[] data, long pos, int max) {
        int n = 0;
        while (n < data.length && data[n] != '\n' && data[n] != 0) n++;
        String part = Names.fromBytes(data, 0, n);
        String v = pos == 0 ? part : old + part;
        return v.length() > max ? v.substring(0, max) : v;
    }

    /**
     * pid_ns_ctl_handler: only a checkpoint/restore-capable writer may move the pid cursor, to
     * a value in 0..pid_max; the next fork gets the first free pid above it.
     */
    private static void setLastPid(KernelInfo k, ProcessInfo procs, byte[] data) {
        boolean capable;
        try {
            var c = procs.current().cred();
            capable = c.capable(dev.umk.core.kernel.Credentials.CAP_SYS_ADMIN) || c.capable(CAP_CHECKPOINT_RESTORE);
        } catch (ErrnoException kernelThread) {
            capable = true;
        }
        if (!capable) throw new ErrnoException(Errno.EPERM);
        int v = parseInt(data);
        if (v < 0 || v > PID_MAX) throw new ErrnoException(Errno.EINVAL);
        k.setLastPid(v);
    }

    /** proc_dointvec for one value: optional blanks, a decimal int, optional trailing newline. */
    private static int parseInt(byte[] data) {
        String s = Names.fromBytes(data, 0, data.length).strip();
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new ErrnoException(Errno.EINVAL);
        }
    }
}
