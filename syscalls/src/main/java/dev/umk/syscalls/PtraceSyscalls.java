package dev.umk.syscalls;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Sysno;
import dev.umk.core.hw.Registers;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.sched.Task;
import dev.umk.sched.ptrace.Ptrace;
import dev.umk.sched.ptrace.PtraceAbi;
import dev.umk.sched.ptrace.TaskPtrace;
import dev.umk.sched.ptrace.UserArea;
import dev.umk.sched.signal.SigInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * ptrace(2) requests and process_vm_readv/writev(2): decode, check, and call
 * {@link Ptrace} (attach, resume, detach) or reach the stopped tracee's registers and memory.
 * Unsupported requests (PEEKSIGINFO, SYSEMU_SINGLESTEP, seccomp filters) answer EIO as
 * Linux does for a request it does not know.
 */
final class PtraceSyscalls {
    private PtraceSyscalls() {}

    private static final int ARCH_SET_GS = 0x1001, ARCH_SET_FS = 0x1002, ARCH_GET_FS = 0x1003, ARCH_GET_GS = 0x1004;
    private static final long TASK_SIZE_MAX = (1L << 47) - 4096;

    static void register(SyscallTable t) {
        t.add(Sysno.PTRACE, "ptrace", PtraceSyscalls::ptrace);
        t.add(Sysno.PROCESS_VM_READV, "ptrace", (task, a) -> processVm(task, a, false));
        t.add(Sysno.PROCESS_VM_WRITEV, "ptrace", (task, a) -> processVm(task, a, true));
    }

    /** ptrace implements Linux syscall ptrace(2). */
    static long ptrace(Task t, Args a) {
        long req = a.u64(0);
        int pid = a.i32(1);
        long addr = a.u64(2), data = a.u64(3);
        if (req == PtraceAbi.TRACEME) {
            Ptrace.traceme(t);
            return 0;
        }
        Task child = t.kernel().task(pid);
        if (child == null || child.signals() == null) throw new ErrnoException(Errno.ESRCH);
        if (req == PtraceAbi.ATTACH || req == PtraceAbi.SEIZE) {
            boolean seize = req == PtraceAbi.SEIZE;
            if (seize && addr != 0) throw new ErrnoException(Errno.EIO);
            if (seize && (data & ~(long) PtraceAbi.O_MASK) != 0) throw new ErrnoException(Errno.EIO);
            Ptrace.attach(t, child, seize, seize ? (int) data : 0);
            return 0;
        }
        if (req == PtraceAbi.KILL) {
            Ptrace.kill(t, child);
            return 0;
        }
        if (req == PtraceAbi.INTERRUPT) {
            Ptrace.interrupt(t, child);
            return 0;
        }
        Ptrace.checkAttach(t, child, false);
        return request(t, child, req, addr, data);
    }

    private static long request(Task t, Task child, long req, long addr, long data) {
        TaskPtrace p = child.ptrace();
        switch ((int) req) {
            case PtraceAbi.PEEKTEXT, PtraceAbi.PEEKDATA -> {
                byte[] b = new byte[8];
                forced(child, addr, b, false);
                t.mm().write(data, b, 0, 8);
                return 0;
            }
            case PtraceAbi.POKETEXT, PtraceAbi.POKEDATA -> {
                byte[] b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(data).array();
                forced(child, addr, b, true);
                return 0;
            }
            case PtraceAbi.PEEKUSR -> {
                t.mm().writeLong(data, p.peekUser(addr));
                return 0;
            }
            case PtraceAbi.POKEUSR -> {
                p.pokeUser(addr, data);
                return 0;
            }
            case PtraceAbi.CONT -> Ptrace.resume(t, child, TaskPtrace.Mode.CONT, data);
            case PtraceAbi.SYSCALL -> Ptrace.resume(t, child, TaskPtrace.Mode.SYSCALL, data);
            case PtraceAbi.SYSEMU -> Ptrace.resume(t, child, TaskPtrace.Mode.SYSEMU, data);
            case PtraceAbi.SINGLESTEP -> Ptrace.resume(t, child, TaskPtrace.Mode.SINGLESTEP, data);
            case PtraceAbi.DETACH -> Ptrace.detach(t, child, data);
            case PtraceAbi.LISTEN -> Ptrace.listen(t, child);
            case PtraceAbi.SETOPTIONS -> Ptrace.setOptions(t, child, data);
            case PtraceAbi.GETEVENTMSG -> t.mm().writeLong(data, p.message());
            case PtraceAbi.GETREGS -> t.mm().write(data, getRegs(p), 0, UserArea.REGS_SIZE);
            case PtraceAbi.SETREGS -> setRegs(p, readBytes(t, data, UserArea.REGS_SIZE));
            case PtraceAbi.GETFPREGS -> t.mm().write(data, getFpu(p, false), 0, 512);
            case PtraceAbi.SETFPREGS -> setFpu(p, readBytes(t, data, 512), false);
            case PtraceAbi.GETREGSET -> regset(t, child, (int) addr, data, false);
            case PtraceAbi.SETREGSET -> regset(t, child, (int) addr, data, true);
            case PtraceAbi.GETSIGINFO -> {
                SigInfo si = p.lastSiginfo();
                if (si == null) throw new ErrnoException(Errno.EINVAL);
                t.mm().write(data, si.encode(), 0, SigInfo.SIZE);
            }
            case PtraceAbi.SETSIGINFO -> p.setLastSiginfo(SigInfo.decode(readBytes(t, data, SigInfo.SIZE), 0));
            case PtraceAbi.GETSIGMASK -> {
                if (addr != 8) throw new ErrnoException(Errno.EINVAL);
                t.mm().writeLong(data, child.signals().blocked());
            }
            case PtraceAbi.SETSIGMASK -> {
                if (addr != 8) throw new ErrnoException(Errno.EINVAL);
                child.signals().setBlocked(t.mm().readLong(data));
            }
            case PtraceAbi.GET_SYSCALL_INFO -> {
                byte[] info = p.syscallInfo();
                int n = (int) Math.min(Math.max(addr, 0), info.length);
                if (n > 0) t.mm().write(data, info, 0, n);
                return info.length;
            }
            case PtraceAbi.ARCH_PRCTL -> archPrctl(t, p, (int) data, addr);
            default -> throw new ErrnoException(Errno.EIO);
        }
        return 0;
    }

    /** access_process_vm with FOLL_FORCE; any failure is EIO, as a short PEEK/POKE is. */
    private static void forced(Task child, long addr, byte[] b, boolean write) {
        try {
            child.mm().accessForced(addr, b, 0, b.length, write);
        } catch (ErrnoException e) {
            throw new ErrnoException(Errno.EIO);
        }
    }

    private static byte[] readBytes(Task t, long va, int n) {
        byte[] b = new byte[n];
        t.mm().read(va, b, 0, n);
        return b;
    }

    private static byte[] getRegs(TaskPtrace p) {
        return p.withRegs(r -> {
            ByteBuffer b = ByteBuffer.allocate(UserArea.REGS_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < Registers.WORDS; i++) b.putLong(r.word(i));
            return b.array();
        });
    }

    /** SETREGS/SETREGSET(NT_PRSTATUS): the first {@code raw.length / 8} words, checked. */
    private static void setRegs(TaskPtrace p, byte[] raw) {
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        p.withRegs(r -> {
            long[] w = new long[Registers.WORDS];
            for (int i = 0; i < Registers.WORDS; i++) w[i] = i * 8 < raw.length ? b.getLong(i * 8) : r.word(i);
            UserArea.setRegs(r, w);
            return null;
        });
    }

    private static int xstateSize(Task child) {
        var layout = child.kernel().signalDelivery().layout();
        return layout.xsave() ? layout.userSize() : 0;
    }

    /** The FPU image read on the tracee's own thread: fxsave (512 bytes) or the whole xsave area. */
    private static byte[] getFpu(TaskPtrace p, boolean xstate) {
        return (byte[]) p.handoff(task -> {
            byte[] img = new byte[xstate ? xstateSize(task) : 512];
            task.cpu().readFpu(img);
            return img;
        });
    }

    private static void setFpu(TaskPtrace p, byte[] img, boolean xstate) {
        p.handoff(task -> {
            task.cpu().writeFpu(img, img.length);
            return null;
        });
    }

    /**
     * PTRACE_GETREGSET/SETREGSET with an iovec at {@code iovp}: NT_PRSTATUS, NT_PRFPREG,
     * NT_X86_XSTATE (xsave hosts only). The length must be a multiple of 8 and is cut to the
     * set's size; GET writes back the length copied; SET changes the leading part only.
     */
    private static void regset(Task t, Task child, int type, long iovp, boolean set) {
        TaskPtrace p = child.ptrace();
        long base = t.mm().readLong(iovp);
        long len = t.mm().readLong(iovp + 8);
        int size = switch (type) {
            case PtraceAbi.NT_PRSTATUS -> UserArea.REGS_SIZE;
            case PtraceAbi.NT_PRFPREG -> 512;
            case PtraceAbi.NT_X86_XSTATE -> xstateSize(child);
            default -> 0;
        };
        if (size == 0 || len < 0 || (len % 8) != 0) throw new ErrnoException(Errno.EINVAL);
        int n = (int) Math.min(len, size);
        if (!set) {
            byte[] img = type == PtraceAbi.NT_PRSTATUS ? getRegs(p) : getFpu(p, type == PtraceAbi.NT_X86_XSTATE);
            t.mm().write(base, img, 0, n);
            t.mm().writeLong(iovp + 8, n);
            return;
        }
        byte[] src = readBytes(t, base, n);
        if (type == PtraceAbi.NT_PRSTATUS) {
            setRegs(p, src);
            return;
        }
        boolean x = type == PtraceAbi.NT_X86_XSTATE;
        byte[] img = getFpu(p, x);
        System.arraycopy(src, 0, img, 0, n);
        setFpu(p, img, x);
    }

    /** PTRACE_ARCH_PRCTL: the tracee's fs/gs base through its registers; GET writes to the tracer's memory. */
    private static void archPrctl(Task t, TaskPtrace p, int code, long arg) {
        switch (code) {
            case ARCH_GET_FS -> t.mm().writeLong(arg, p.withRegs(r -> r.fsBase));
            case ARCH_GET_GS -> t.mm().writeLong(arg, p.withRegs(r -> r.gsBase));
            case ARCH_SET_FS, ARCH_SET_GS -> {
                if (arg < 0 || arg >= TASK_SIZE_MAX) throw new ErrnoException(Errno.EPERM);
                p.withRegs(r -> {
                    if (code == ARCH_SET_FS) r.fsBase = arg;
                    else r.gsBase = arg;
                    return null;
                });
            }
            default -> throw new ErrnoException(Errno.EINVAL);
        }
    }

    /**
     * process_vm_readv/process_vm_writev implement Linux syscalls process_vm_readv(2) and
     * process_vm_writev(2): copies between the caller's iovecs and another process's, with
     * ptrace's attach permission (EPERM) and the target's protections (no FOLL_FORCE). Returns
     * the bytes copied; a fault after some bytes ends the copy short, before any is EFAULT.
     */
    static long processVm(Task t, Args a, boolean write) {
        int pid = a.i32(0);
        long lvec = a.u64(1), liovcnt = a.u64(2), rvec = a.u64(3), riovcnt = a.u64(4), flags = a.u64(5);
        if (flags != 0) throw new ErrnoException(Errno.EINVAL);
        if (liovcnt > 1024 || riovcnt > 1024) throw new ErrnoException(Errno.EINVAL);
        long[] local = t.mm().readIovec(lvec, (int) liovcnt);
        long[] remote = t.mm().readIovec(rvec, (int) riovcnt);
        Task target = t.kernel().task(pid);
        if (target == null || target.group().mm() == null) throw new ErrnoException(Errno.ESRCH);
        if (!Ptrace.mayAccess(t, target)) throw new ErrnoException(Errno.EPERM);
        var rmm = target.group().mm();
        long done = 0;
        int li = 0, ri = 0;
        long loff = 0, roff = 0;
        byte[] buf = new byte[65536];
        try {
            while (li < local.length / 2 && ri < remote.length / 2) {
                long lrem = local[2 * li + 1] - loff, rrem = remote[2 * ri + 1] - roff;
                if (lrem == 0) { li++; loff = 0; continue; }
                if (rrem == 0) { ri++; roff = 0; continue; }
                int n = (int) Math.min(buf.length, Math.min(lrem, rrem));
                long lva = local[2 * li] + loff, rva = remote[2 * ri] + roff;
                if (write) {
                    t.mm().read(lva, buf, 0, n);
                    rmm.write(rva, buf, 0, n);
                } else {
                    rmm.read(rva, buf, 0, n);
                    t.mm().write(lva, buf, 0, n);
                }
                done += n;
                loff += n;
                roff += n;
            }
        } catch (ErrnoException e) {
            if (done == 0) throw e;
        }
        return done;
    }
}
