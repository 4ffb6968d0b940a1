package dev.umk.sched.signal;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.sched.Signals;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One siginfo_t, immutable. Kept as its bytes in the x86-64 layout (si_signo at 0, si_errno
 * at 4, si_code at 8, the union at 16) so a siginfo queued by rt_sigqueueinfo reaches the
 * handler exactly as it was sent, whatever union member the sender meant. Like Linux's
 * kernel_siginfo only the first 48 bytes are kept; the other 80 of the 128-byte user
 * structure are always zero.
 *
 * <p>Which union member is meaningful follows from (signo, code): {@link #layout()}.
 * Accessors read their member's offset whatever the layout, as a C union would.
 */
public final class SigInfo {
    /** sizeof(siginfo_t) in user space. */
    public static final int SIZE = 128;
    /** Bytes the kernel keeps (sizeof(struct kernel_siginfo)). */
    public static final int KERNEL_SIZE = 48;

    // si_code values for any signal (SI_FROMUSER when <= 0).
    public static final int SI_USER = 0, SI_KERNEL = 0x80, SI_QUEUE = -1, SI_TIMER = -2,
            SI_MESGQ = -3, SI_ASYNCIO = -4, SI_SIGIO = -5, SI_TKILL = -6, SI_DETHREAD = -7,
            SI_ASYNCNL = -60;
    public static final int ILL_ILLOPC = 1, ILL_ILLOPN = 2, ILL_ILLADR = 3, ILL_ILLTRP = 4,
            ILL_PRVOPC = 5, ILL_PRVREG = 6, ILL_COPROC = 7, ILL_BADSTK = 8, ILL_BADIADDR = 9;
    public static final int FPE_INTDIV = 1, FPE_INTOVF = 2, FPE_FLTDIV = 3, FPE_FLTOVF = 4,
            FPE_FLTUND = 5, FPE_FLTRES = 6, FPE_FLTINV = 7, FPE_FLTSUB = 8, FPE_FLTUNK = 14,
            FPE_CONDTRAP = 15;
    public static final int SEGV_MAPERR = 1, SEGV_ACCERR = 2, SEGV_BNDERR = 3, SEGV_PKUERR = 4,
            SEGV_ACCADI = 5, SEGV_ADIDERR = 6, SEGV_ADIPERR = 7, SEGV_MTEAERR = 8,
            SEGV_MTESERR = 9, SEGV_CPERR = 10;
    public static final int BUS_ADRALN = 1, BUS_ADRERR = 2, BUS_OBJERR = 3, BUS_MCEERR_AR = 4,
            BUS_MCEERR_AO = 5;
    public static final int TRAP_BRKPT = 1, TRAP_TRACE = 2, TRAP_BRANCH = 3, TRAP_HWBKPT = 4,
            TRAP_UNK = 5, TRAP_PERF = 6;
    public static final int CLD_EXITED = 1, CLD_KILLED = 2, CLD_DUMPED = 3, CLD_TRAPPED = 4,
            CLD_STOPPED = 5, CLD_CONTINUED = 6;
    public static final int POLL_IN = 1, POLL_OUT = 2, POLL_MSG = 3, POLL_ERR = 4, POLL_PRI = 5,
            POLL_HUP = 6;
    public static final int SYS_SECCOMP = 1, SYS_USER_DISPATCH = 2;

    /** Highest si_code each signal-specific family defines (NSIGILL, NSIGFPE, ...). */
    private static final int NSIGILL = 11, NSIGFPE = 15, NSIGSEGV = 10, NSIGBUS = 5,
            NSIGTRAP = 6, NSIGCHLD = 6, NSIGPOLL = 6, NSIGSYS = 2;

    // Offsets in siginfo_t (x86-64).
    static final int SIGNO = 0, ERRNO = 4, CODE = 8, UNION = 16;
    static final int PID = 16, UID = 20, TIMERID = 16, OVERRUN = 20, VALUE = 24, STATUS = 24,
            UTIME = 32, STIME = 40, ADDR = 16, ADDR_LSB = 24, LOWER = 32, UPPER = 40, PKEY = 32,
            PERF_DATA = 24, PERF_TYPE = 32, PERF_FLAGS = 36, BAND = 16, FD = 24, CALL_ADDR = 16,
            SYSCALL = 24, ARCH = 28;

    /** The union member in use (Linux's enum siginfo_layout). */
    public enum Layout {
        KILL, TIMER, POLL, FAULT, FAULT_MCEERR, FAULT_BNDERR, FAULT_PKUERR, FAULT_PERF_EVENT,
        CHLD, RT, SYS
    }

    private final byte[] b;

    private SigInfo(byte[] kernelBytes) {
        this.b = kernelBytes;
    }

    private static ByteBuffer blank(int signo, int code) {
        ByteBuffer bb = ByteBuffer.wrap(new byte[KERNEL_SIZE]).order(ByteOrder.LITTLE_ENDIAN);
        bb.putInt(SIGNO, signo).putInt(CODE, code);
        return bb;
    }

    // ---- Factories, one per way Linux fills a siginfo -------------------------------------

    /** kill(2): SI_USER with the sender's pid and real uid. */
    public static SigInfo user(int sig, int pid, int uid) {
        return kill(sig, SI_USER, pid, uid);
    }

    /** tkill/tgkill(2): SI_TKILL with the sender's pid and real uid. */
    public static SigInfo tkill(int sig, int pid, int uid) {
        return kill(sig, SI_TKILL, pid, uid);
    }

    /** A signal the kernel sends for itself (SEND_SIG_PRIV): SI_KERNEL, pid and uid 0. */
    public static SigInfo kernel(int sig) {
        return kill(sig, SI_KERNEL, 0, 0);
    }

    /** The _kill layout with any code. */
    public static SigInfo kill(int sig, int code, int pid, int uid) {
        ByteBuffer bb = blank(sig, code);
        bb.putInt(PID, pid).putInt(UID, uid);
        return new SigInfo(bb.array());
    }

    /** sigqueue(3) and the other _rt senders (SI_QUEUE, SI_MESGQ, SI_ASYNCIO...). */
    public static SigInfo queue(int sig, int code, int pid, int uid, long value) {
        ByteBuffer bb = blank(sig, code);
        bb.putInt(PID, pid).putInt(UID, uid).putLong(VALUE, value);
        return new SigInfo(bb.array());
    }

    /** A POSIX timer expiry (SI_TIMER). */
    public static SigInfo timer(int sig, int timerId, int overrun, long value) {
        ByteBuffer bb = blank(sig, SI_TIMER);
        bb.putInt(TIMERID, timerId).putInt(OVERRUN, overrun).putLong(VALUE, value);
        return new SigInfo(bb.array());
    }

    /** SIGCHLD (or another exit signal) about a child: times are in clock ticks (USER_HZ). */
    public static SigInfo child(int sig, int code, int pid, int uid, int status, long utime,
            long stime) {
        ByteBuffer bb = blank(sig, code);
        bb.putInt(PID, pid).putInt(UID, uid).putInt(STATUS, status)
                .putLong(UTIME, utime).putLong(STIME, stime);
        return new SigInfo(bb.array());
    }

    /** A synchronous fault: SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP with si_addr. */
    public static SigInfo fault(int sig, int code, long addr) {
        ByteBuffer bb = blank(sig, code);
        bb.putLong(ADDR, addr);
        return new SigInfo(bb.array());
    }

    /** SIGBUS BUS_MCEERR_*: the poisoned address and log2 of the poisoned size. */
    public static SigInfo faultMceerr(int code, long addr, short addrLsb) {
        ByteBuffer bb = blank(Signals.SIGBUS, code);
        bb.putLong(ADDR, addr).putShort(ADDR_LSB, addrLsb);
        return new SigInfo(bb.array());
    }

    /** SIGSEGV SEGV_BNDERR: the faulting address and the violated bounds. */
    public static SigInfo faultBnderr(long addr, long lower, long upper) {
        ByteBuffer bb = blank(Signals.SIGSEGV, SEGV_BNDERR);
        bb.putLong(ADDR, addr).putLong(LOWER, lower).putLong(UPPER, upper);
        return new SigInfo(bb.array());
    }

    /** SIGSEGV SEGV_PKUERR: the faulting address and the protection key. */
    public static SigInfo faultPkuerr(long addr, int pkey) {
        ByteBuffer bb = blank(Signals.SIGSEGV, SEGV_PKUERR);
        bb.putLong(ADDR, addr).putInt(PKEY, pkey);
        return new SigInfo(bb.array());
    }

    /** SIGIO/SIGPOLL or an F_SETSIG signal about file descriptor {@code fd}. */
    public static SigInfo poll(int sig, int code, long band, int fd) {
        ByteBuffer bb = blank(sig, code);
        bb.putLong(BAND, band).putInt(FD, fd);
        return new SigInfo(bb.array());
    }

    /** SIGSYS from seccomp or syscall user dispatch. AUDIT_ARCH_X86_64 is 0xc000003e. */
    public static SigInfo sys(int code, long callAddr, int syscall, int arch) {
        ByteBuffer bb = blank(Signals.SIGSYS, code);
        bb.putLong(CALL_ADDR, callAddr).putInt(SYSCALL, syscall).putInt(ARCH, arch);
        return new SigInfo(bb.array());
    }

    // ---- Codec ------------------------------------------------------------------------------

    /** A siginfo exactly as {@code raw} (at least 48 bytes) holds it. */
    public static SigInfo decode(byte[] raw, int off) {
        return new SigInfo(Arrays.copyOfRange(raw, off, off + KERNEL_SIZE));
    }

    /**
     * What rt_sigqueueinfo / rt_tgsigqueueinfo / pidfd_send_signal take from the caller
     * (copy_siginfo_from_user): si_signo is forced to {@code sig}; a siginfo whose (signo,
     * code) has no known layout must have zeros past the kernel's 48 bytes, else E2BIG.
     *
     * @param raw the caller's 128 bytes
     */
    public static SigInfo fromUser(int sig, byte[] raw) {
        if (raw.length < SIZE) throw new IllegalArgumentException("siginfo is 128 bytes");
        byte[] k = Arrays.copyOf(raw, KERNEL_SIZE);
        ByteBuffer.wrap(k).order(ByteOrder.LITTLE_ENDIAN).putInt(SIGNO, sig);
        SigInfo si = new SigInfo(k);
        if (!knownLayout(sig, si.code())) {
            for (int i = KERNEL_SIZE; i < SIZE; i++) {
                if (raw[i] != 0) throw new ErrnoException(Errno.E2BIG);
            }
        }
        return si;
    }

    /**
     * The permission check of rt_sigqueueinfo and rt_tgsigqueueinfo: nobody may forge a
     * kernel-generated siginfo (code >= 0) or a tkill one, except to themselves. EPERM.
     */
    public void checkQueueableByUser(boolean toSelf) {
        int code = code();
        if ((code >= 0 || code == SI_TKILL) && !toSelf) throw new ErrnoException(Errno.EPERM);
    }

    /** The 128 bytes a user sees (copy_siginfo_to_user). */
    public byte[] encode() {
        byte[] out = new byte[SIZE];
        encodeTo(out, 0);
        return out;
    }

    /** Writes the 128 user bytes at {@code off}. */
    public void encodeTo(byte[] dst, int off) {
        System.arraycopy(b, 0, dst, off, KERNEL_SIZE);
        Arrays.fill(dst, off + KERNEL_SIZE, off + SIZE, (byte) 0);
    }

    /** A copy with si_signo replaced (a forced signal keeps its info under another number). */
    public SigInfo withSigno(int sig) {
        byte[] k = b.clone();
        ByteBuffer.wrap(k).order(ByteOrder.LITTLE_ENDIAN).putInt(SIGNO, sig);
        return new SigInfo(k);
    }

    // ---- Layout -----------------------------------------------------------------------------

    public Layout layout() {
        return layout(signo(), code());
    }

    /** Which union member (signo, code) selects, as kernel/signal.c siginfo_layout decides. */
    public static Layout layout(int sig, int code) {
        if (code > SI_USER && code < SI_KERNEL) {
            int limit = specificLimit(sig);
            if (limit > 0 && code <= limit) return specificLayout(sig, code);
            return code <= NSIGPOLL ? Layout.POLL : Layout.KILL;
        }
        if (code == SI_TIMER) return Layout.TIMER;
        if (code == SI_SIGIO) return Layout.POLL;
        if (code < 0) return Layout.RT;
        return Layout.KILL;
    }

    /** True when Linux knows what (sig, code) means (known_siginfo_layout). */
    public static boolean knownLayout(int sig, int code) {
        if (code == SI_KERNEL) return true;
        if (code > SI_USER) {
            int limit = specificLimit(sig);
            return code <= (limit > 0 ? limit : NSIGPOLL);
        }
        return code >= SI_DETHREAD || code == SI_ASYNCNL;
    }

    /** The family limit of a signal with its own si_codes, 0 for the others. */
    private static int specificLimit(int sig) {
        switch (sig) {
            case Signals.SIGILL: return NSIGILL;
            case Signals.SIGFPE: return NSIGFPE;
            case Signals.SIGSEGV: return NSIGSEGV;
            case Signals.SIGBUS: return NSIGBUS;
            case Signals.SIGTRAP: return NSIGTRAP;
            case Signals.SIGCHLD: return NSIGCHLD;
            case Signals.SIGIO: return NSIGPOLL;
            case Signals.SIGSYS: return NSIGSYS;
            default: return 0;
        }
    }

    private static Layout specificLayout(int sig, int code) {
        switch (sig) {
            case Signals.SIGCHLD: return Layout.CHLD;
            case Signals.SIGIO: return Layout.POLL;
            case Signals.SIGSYS: return Layout.SYS;
            case Signals.SIGBUS:
                return code == BUS_MCEERR_AR || code == BUS_MCEERR_AO ? Layout.FAULT_MCEERR : Layout.FAULT;
            case Signals.SIGSEGV:
                if (code == SEGV_BNDERR) return Layout.FAULT_BNDERR;
                return code == SEGV_PKUERR ? Layout.FAULT_PKUERR : Layout.FAULT;
            case Signals.SIGTRAP:
                return code == TRAP_PERF ? Layout.FAULT_PERF_EVENT : Layout.FAULT;
            default: return Layout.FAULT;
        }
    }

    /** SI_FROMKERNEL: generated by the kernel (a fault, a child, a timer of the kernel). */
    public boolean fromKernel() {
        return code() > 0;
    }

    // ---- Accessors --------------------------------------------------------------------------

    private int i32(int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | b[off + 3] << 24;
    }

    private long i64(int off) {
        return (i32(off) & 0xffffffffL) | (long) i32(off + 4) << 32;
    }

    public int signo() { return i32(SIGNO); }
    public int errno() { return i32(ERRNO); }
    public int code() { return i32(CODE); }
    public int pid() { return i32(PID); }
    public int uid() { return i32(UID); }
    public long value() { return i64(VALUE); }
    public int timerId() { return i32(TIMERID); }
    public int overrun() { return i32(OVERRUN); }
    public int status() { return i32(STATUS); }
    public long utime() { return i64(UTIME); }
    public long stime() { return i64(STIME); }
    public long addr() { return i64(ADDR); }
    public short addrLsb() { return (short) ((b[ADDR_LSB] & 0xff) | b[ADDR_LSB + 1] << 8); }
    public long lower() { return i64(LOWER); }
    public long upper() { return i64(UPPER); }
    public int pkey() { return i32(PKEY); }
    public long perfData() { return i64(PERF_DATA); }
    public int perfType() { return i32(PERF_TYPE); }
    public int perfFlags() { return i32(PERF_FLAGS); }
    public long band() { return i64(BAND); }
    public int fd() { return i32(FD); }
    public long callAddr() { return i64(CALL_ADDR); }
    public int syscall() { return i32(SYSCALL); }
    public int arch() { return i32(ARCH); }

    @Override
    public boolean equals(Object o) {
        return o instanceof SigInfo && Arrays.equals(b, ((SigInfo) o).b);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(b);
    }

    @Override
    public String toString() {
        String head = "{si_signo=" + Signals.name(signo()) + ", si_code=" + code();
        switch (layout()) {
            case KILL: return head + ", si_pid=" + pid() + ", si_uid=" + uid() + "}";
            case RT: return head + ", si_pid=" + pid() + ", si_uid=" + uid() + ", si_value=" + value() + "}";
            case TIMER: return head + ", si_timerid=" + timerId() + ", si_overrun=" + overrun() + "}";
            case CHLD: return head + ", si_pid=" + pid() + ", si_uid=" + uid() + ", si_status=" + status() + "}";
            case POLL: return head + ", si_band=" + band() + ", si_fd=" + fd() + "}";
            case SYS: return head + ", si_call_addr=0x" + Long.toHexString(callAddr()) + ", si_syscall=" + syscall() + "}";
            default: return head + ", si_addr=0x" + Long.toHexString(addr()) + "}";
        }
    }
}
