package dev.umk.syscalls;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Sysno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.sched.Task;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/** System identity and information: uname, getrandom, CPU affinity. */
final class InfoSyscalls {
    private InfoSyscalls() {}

    /** The kernel release umk reports: new enough for every libc, honest about being umk. */
    static final String RELEASE = "6.1.0-umk";
    static final String VERSION = "#1 SMP PREEMPT_DYNAMIC umk";
    private static final int UTS_FIELD = 65;
    private static final int GRND_NONBLOCK = 1, GRND_RANDOM = 2, GRND_INSECURE = 4;
    private static final SecureRandom RANDOM = new SecureRandom();

    static void register(SyscallTable t) {
        t.add(Sysno.UNAME, "info", InfoSyscalls::uname);
        t.add(Sysno.GETRANDOM, "info", InfoSyscalls::getrandom);
        t.add(Sysno.SYSINFO, "info", InfoSyscalls::sysinfo);
    }

    /** uname implements Linux syscall uname(2). */
    static long uname(Task t, Args a) {
        byte[] buf = new byte[UTS_FIELD * 6];
        String[] fields = {"Linux", t.kernel().hostname(), RELEASE, VERSION, "x86_64", "(none)"};
        for (int i = 0; i < fields.length; i++) {
            byte[] f = fields[i].getBytes(StandardCharsets.UTF_8);
            System.arraycopy(f, 0, buf, i * UTS_FIELD, Math.min(f.length, UTS_FIELD - 1));
        }
        t.mm().write(a.u64(0), buf, 0, buf.length);
        return 0;
    }

    /** getrandom implements Linux syscall getrandom(2). */
    static long getrandom(Task t, Args a) {
        int flags = a.i32(2);
        if ((flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE)) != 0
                || (flags & (GRND_RANDOM | GRND_INSECURE)) == (GRND_RANDOM | GRND_INSECURE)) {
            throw new ErrnoException(Errno.EINVAL);
        }
        long len = Math.min(a.u64(1), 32L << 20); // Linux caps one call at 32 MiB - 1
        byte[] chunk = new byte[(int) Math.min(len, 65536)];
        long done = 0;
        while (done < len) {
            int n = (int) Math.min(chunk.length, len - done);
            RANDOM.nextBytes(chunk);
            t.mm().write(a.u64(0) + done, chunk, 0, n);
            done += n;
        }
        return done;
    }

    /** sysinfo implements Linux syscall sysinfo(2) from umk's own memory and process counts. */
    static long sysinfo(Task t, Args a) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(112).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        var frames = t.kernel().frames();
        b.putLong(0, t.kernel().uptimeNanos() / 1_000_000_000L);        // uptime
        // loads[3] at 8..32 stay 0: no load average is kept yet
        b.putLong(32, frames.totalFrames() * 4096);                       // totalram
        b.putLong(40, frames.freeFrames() * 4096);                        // freeram
        b.putShort(80, (short) Math.min(t.kernel().tree().all().size(), 0xffff)); // procs
        b.putInt(104, 1);                                                 // mem_unit
        t.mm().write(a.u64(0), b.array(), 0, 112);
        return 0;
    }
}
