package dev.umk.syscalls;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Sysno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.sched.Exec;
import dev.umk.sched.Exit;
import dev.umk.sched.ExitStatus;
import dev.umk.fs.OpenFile;
import dev.umk.sched.Fork;
import dev.umk.sched.PidFd;
import dev.umk.sched.ProcessTree;
import dev.umk.sched.SigAction;
import dev.umk.sched.Signals;
import dev.umk.sched.Task;
import dev.umk.sched.ThreadGroup;
import dev.umk.sched.exec.ElfSource;
import dev.umk.sched.signal.SigInfo;
import dev.umk.sched.exec.ExecArgs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Process creation, program execution, waiting, process groups, and kill. */
final class LifecycleSyscalls {
    private LifecycleSyscalls() {}

    private static final int SIGCHLD = Signals.SIGCHLD;
    private static final int CLD_EXITED = 1, CLD_KILLED = 2, CLD_DUMPED = 3;
    /** waitid's idtype for a pidfd (Linux 5.4). */
    private static final int P_PIDFD = 3;
    private static final int PATH_MAX = 4096;

    static void register(SyscallTable t) {
        t.add(Sysno.FORK, "process", (task, a) -> Fork.clone(task, SIGCHLD, 0, 0, 0, 0));
        t.add(Sysno.VFORK, "process", (task, a) -> Fork.clone(task, Fork.CLONE_VM | Fork.CLONE_VFORK | SIGCHLD, 0, 0, 0, 0));
        t.add(Sysno.CLONE, "process", LifecycleSyscalls::clone);
        t.add(Sysno.CLONE3, "process", LifecycleSyscalls::clone3);
        t.add(Sysno.UNSHARE, "process", LifecycleSyscalls::unshare);
        t.add(Sysno.EXECVE, "process", LifecycleSyscalls::execve);
        t.add(Sysno.EXECVEAT, "process", LifecycleSyscalls::execveat);
        t.add(Sysno.WAIT4, "process", LifecycleSyscalls::wait4);
        t.add(Sysno.WAITID, "process", LifecycleSyscalls::waitid);
        t.add(Sysno.KILL, "signal", LifecycleSyscalls::kill);
        t.add(Sysno.TKILL, "signal", (task, a) -> signalTid(task, a.i32(0), a.i32(1)));
        t.add(Sysno.TGKILL, "signal", SignalSyscalls::tgkill);
        t.add(Sysno.GETPGID, "process", (task, a) -> group(task, a.i32(0)).pgid());
        t.add(Sysno.GETSID, "process", (task, a) -> group(task, a.i32(0)).sid());
        t.add(Sysno.GETPGRP, "process", (task, a) -> task.group().pgid());
        t.add(Sysno.SETPGID, "process", (task, a) -> {
            task.kernel().tree().setpgid(task.group(), a.i32(0), a.i32(1));
            return 0;
        });
        t.add(Sysno.SETSID, "process", (task, a) -> task.kernel().tree().setsid(task.group()));
    }

    private static ThreadGroup group(Task t, int pid) {
        if (pid == 0) return t.group();
        if (pid < 0) throw new ErrnoException(Errno.ESRCH);
        ThreadGroup g = t.kernel().tree().get(pid);
        if (g == null) throw new ErrnoException(Errno.ESRCH);
        return g;
    }

    /** clone implements Linux syscall clone(2) (x86-64 argument order: flags, sp, ptid, ctid, tls). */
    static long clone(Task t, Args a) {
        long flags = a.u64(0) & 0xffffffffL; // clone(2) passes the low 32 bits only
        if ((flags & Fork.CLONE_PIDFD) != 0) {
            // The pidfd goes where parent_tid points, so the two cannot be asked for together.
            if ((flags & Fork.CLONE_PARENT_SETTID) != 0) throw new ErrnoException(Errno.EINVAL);
            return PidfdSyscalls.cloneWithPidfd(t, flags, a.u64(1), 0, a.u64(3), a.u64(4), a.u64(2));
        }
        return Fork.clone(t, flags, a.u64(1), a.u64(2), a.u64(3), a.u64(4));
    }

    /** clone3 implements Linux syscall clone3(2) from struct clone_args. */
    static long clone3(Task t, Args a) {
        long p = a.u64(0);
        long size = a.u64(1);
        if (size > 4096) throw new ErrnoException(Errno.E2BIG);
        if (size < CLONE_ARGS_SIZE_VER0) throw new ErrnoException(Errno.EINVAL);
        // copy_struct_from_user: a newer struct's extra bytes must be zero.
        byte[] raw = new byte[(int) Math.max(size, CLONE_ARGS_SIZE)];
        t.mm().read(p, raw, 0, (int) size);
        for (int i = CLONE_ARGS_SIZE; i < size; i++) if (raw[i] != 0) throw new ErrnoException(Errno.E2BIG);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long flags = b.getLong(0), pidfd = b.getLong(8), childTid = b.getLong(16), parentTid = b.getLong(24);
        long exitSignal = b.getLong(32), stack = b.getLong(40), stackSize = b.getLong(48), tls = b.getLong(56);
        long setTid = b.getLong(64), setTidSize = b.getLong(72), cgroup = b.getLong(80);
        // clone3_args_valid and copy_clone_args_from_user, in Linux's order.
        if (setTidSize > 32 || (setTid == 0 && setTidSize > 0) || (setTid != 0 && setTidSize == 0)) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if ((exitSignal & ~0xffL) != 0 || exitSignal > Signals.NSIG) throw new ErrnoException(Errno.EINVAL);
        if ((flags & Fork.CLONE_INTO_CGROUP) != 0 && cgroup > Integer.MAX_VALUE) throw new ErrnoException(Errno.EINVAL);
        if ((flags & ~(0xffffffffL | Fork.CLONE_CLEAR_SIGHAND | Fork.CLONE_INTO_CGROUP)) != 0
                || (flags & (Fork.CLONE_DETACHED | 0xff)) != 0
                || (flags & (Fork.CLONE_SIGHAND | Fork.CLONE_CLEAR_SIGHAND)) == (Fork.CLONE_SIGHAND | Fork.CLONE_CLEAR_SIGHAND)
                || ((flags & (Fork.CLONE_THREAD | Fork.CLONE_PARENT)) != 0 && exitSignal != 0)
                || (stack == 0) != (stackSize == 0)) {
            throw new ErrnoException(Errno.EINVAL);
        }
        // Choosing pids needs pid namespaces' CAP_SYS_ADMIN; cgroups umk does not have.
        if (setTidSize > 0) throw new ErrnoException(Errno.EPERM);
        if ((flags & Fork.CLONE_INTO_CGROUP) != 0) throw new ErrnoException(Errno.EBADF);
        long sp = stack == 0 ? 0 : stack + stackSize;
        if ((flags & Fork.CLONE_PIDFD) != 0) {
            return PidfdSyscalls.cloneWithPidfd(t, flags | exitSignal, sp, parentTid, childTid, tls, pidfd);
        }
        return Fork.clone(t, flags | exitSignal, sp, parentTid, childTid, tls);
    }

    /** struct clone_args: VER0 (64 bytes) up to VER2 (88, with set_tid and cgroup). */
    private static final int CLONE_ARGS_SIZE_VER0 = 64, CLONE_ARGS_SIZE = 88;

    private static final long CLONE_NEWTIME = 0x80;
    private static final long NAMESPACES = Fork.CLONE_NEWNS | Fork.CLONE_NEWUTS | Fork.CLONE_NEWIPC
            | Fork.CLONE_NEWUSER | Fork.CLONE_NEWPID | Fork.CLONE_NEWNET | Fork.CLONE_NEWCGROUP | CLONE_NEWTIME;

    /**
     * unshare implements Linux syscall unshare(2): a private fd table (CLONE_FILES) or fs
     * context (CLONE_FS) for a process that shared one. CLONE_VM, CLONE_SIGHAND and
     * CLONE_THREAD are fine for a single-threaded process with its own memory and EINVAL
     * otherwise; namespaces are not supported (EPERM, as for an unprivileged caller).
     */
    static long unshare(Task t, Args a) {
        long flags = a.u64(0);
        long valid = Fork.CLONE_THREAD | Fork.CLONE_FS | Fork.CLONE_SIGHAND | Fork.CLONE_VM | Fork.CLONE_FILES
                | Fork.CLONE_SYSVSEM | NAMESPACES;
        if ((flags & ~valid) != 0) throw new ErrnoException(Errno.EINVAL);
        ThreadGroup g = t.group();
        boolean multithreaded = g.threadCount() > 1;
        if ((flags & (Fork.CLONE_THREAD | Fork.CLONE_SIGHAND | Fork.CLONE_VM)) != 0 && multithreaded) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if ((flags & Fork.CLONE_VM) != 0 && g.mm() != null && g.mm().users() > 1) throw new ErrnoException(Errno.EINVAL);
        if ((flags & NAMESPACES) != 0) throw new ErrnoException(Errno.EPERM);
        if ((flags & Fork.CLONE_FILES) != 0) g.unshareFiles();
        if ((flags & Fork.CLONE_FS) != 0) g.unshareFs();
        return 0;
    }

    /** execve implements Linux syscall execve(2). */
    static long execve(Task t, Args a) {
        String path = new String(t.mm().readCString(a.u64(0), PATH_MAX), StandardCharsets.UTF_8);
        if (path.isEmpty()) throw new ErrnoException(Errno.ENOENT);
        byte[][] argv = stringArray(t, a.u64(1));
        byte[][] envp = stringArray(t, a.u64(2));
        ElfSource file = t.kernel().programOpener().open(path);
        Exec.execve(t, path, file, argv, envp);
        return SyscallTable.NO_RESULT;
    }

    private static final int AT_SYMLINK_NOFOLLOW = 0x100, AT_EMPTY_PATH = 0x1000;

    /**
     * execveat implements Linux syscall execveat(2): the program is named relative to a
     * directory fd, or is the fd itself with AT_EMPTY_PATH (fexecve). The new program's
     * name is the path umk reaches it by.
     */
    static long execveat(Task t, Args a) {
        int dirfd = a.i32(0);
        int flags = a.i32(4);
        if ((flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) != 0) throw new ErrnoException(Errno.EINVAL);
        String path = new String(t.mm().readCString(a.u64(1), PATH_MAX), StandardCharsets.UTF_8);
        String full;
        if (path.isEmpty()) {
            if ((flags & AT_EMPTY_PATH) == 0) throw new ErrnoException(Errno.ENOENT);
            // fexecve: the fd may be O_PATH (fdget_raw), as execveat's own users open it.
            dev.umk.fs.OpenFile f = FsArgs.fileRaw(t, dirfd);
            full = dev.umk.fs.Names.toUnicode(FsArgs.vfs(t).pathOf(FsArgs.fs(t), f.path()));
        } else if (path.startsWith("/") || dirfd == -100) { // AT_FDCWD
            full = path;
        } else {
            dev.umk.fs.OpenFile d = FsArgs.fileRaw(t, dirfd);
            if (!d.inode().isDir()) throw new ErrnoException(Errno.ENOTDIR);
            full = dev.umk.fs.Names.toUnicode(FsArgs.vfs(t).pathOf(FsArgs.fs(t), d.path())) + "/" + path;
        }
        if ((flags & AT_SYMLINK_NOFOLLOW) != 0) {
            var st = FsArgs.vfs(t).stat(FsArgs.fs(t), FsArgs.cred(t), null, dev.umk.fs.Names.fromUnicode(full), AT_SYMLINK_NOFOLLOW);
            if ((st.mode & 0170000) == 0120000) throw new ErrnoException(Errno.ELOOP);
        }
        byte[][] argv = stringArray(t, a.u64(2));
        byte[][] envp = stringArray(t, a.u64(3));
        ElfSource file = t.kernel().programOpener().open(full);
        Exec.execve(t, full, file, argv, envp);
        return SyscallTable.NO_RESULT;
    }

    /** Reads a NULL-terminated array of C strings (argv/envp); E2BIG past Linux's limits. */
    private static byte[][] stringArray(Task t, long va) {
        List<byte[]> out = new ArrayList<>();
        if (va == 0) return new byte[0][];
        long total = 0;
        for (int i = 0; ; i++) {
            long p = t.mm().readLong(va + 8L * i);
            if (p == 0) break;
            byte[] s;
            try {
                s = t.mm().readCString(p, ExecArgs.MAX_ARG_STRLEN);
            } catch (ErrnoException e) {
                if (e.errno() == Errno.ENAMETOOLONG) throw new ErrnoException(Errno.E2BIG);
                throw e;
            }
            total += s.length + 1 + 8;
            if (total > ExecArgs.STK_LIM) throw new ErrnoException(Errno.E2BIG);
            out.add(s);
        }
        return out.toArray(new byte[0][]);
    }

    /** wait4 implements Linux syscall wait4(2). */
    static long wait4(Task t, Args a) {
        int pid = a.i32(0);
        int options = a.i32(2);
        if ((options & ~(ProcessTree.WNOHANG | ProcessTree.WUNTRACED | ProcessTree.WCONTINUED
                | ProcessTree.WNOTHREAD | ProcessTree.WCLONE | ProcessTree.WALL)) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        // -INT_MIN does not exist: Linux refuses it before any lookup.
        if (pid == Integer.MIN_VALUE) throw new ErrnoException(Errno.ESRCH);
        int idtype, id;
        if (pid < -1) { idtype = ProcessTree.P_PGID; id = -pid; }
        else if (pid == -1) { idtype = ProcessTree.P_ALL; id = 0; }
        else if (pid == 0) { idtype = ProcessTree.P_PGID; id = t.group().pgid(); }
        else { idtype = ProcessTree.P_PID; id = pid; }
        ProcessTree.WaitResult r = t.kernel().tree().waitChild(t.group(), idtype, id, options | ProcessTree.WEXITED);
        if (r == null) return 0;
        if (a.u64(1) != 0) t.mm().writeInt(a.u64(1), r.status());
        if (a.u64(3) != 0) writeRusage(t, a.u64(3), r);
        return r.pid();
    }

    /** The waited-for child's struct rusage: its CPU times (zeros when nothing was reported). */
    private static void writeRusage(Task t, long va, ProcessTree.WaitResult r) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(144).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        if (r != null) {
            b.putLong(0, r.utimeNanos() / 1_000_000_000L).putLong(8, r.utimeNanos() / 1000 % 1_000_000);
            b.putLong(16, r.stimeNanos() / 1_000_000_000L).putLong(24, r.stimeNanos() / 1000 % 1_000_000);
        }
        t.mm().write(va, b.array(), 0, 144);
    }

    /** waitid implements Linux syscall waitid(2). */
    static long waitid(Task t, Args a) {
        int idtype = a.i32(0);
        int id = a.i32(1);
        long infop = a.u64(2);
        int options = a.i32(3);
        int events = ProcessTree.WEXITED | ProcessTree.WUNTRACED | ProcessTree.WCONTINUED;
        if ((options & events) == 0 || (options & ~(events | ProcessTree.WNOHANG | ProcessTree.WNOWAIT
                | ProcessTree.WNOTHREAD | ProcessTree.WCLONE | ProcessTree.WALL)) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        boolean pidfdNonblock = false;
        if (idtype == P_PIDFD) {
            // The child the pidfd names; a non-blocking pidfd makes the wait WNOHANG, with
            // EAGAIN instead of 0 when the child has nothing to report.
            OpenFile f = FsArgs.file(t, id);
            id = PidFd.of(f).group().pid();
            idtype = ProcessTree.P_PID;
            pidfdNonblock = f.isNonBlocking();
            if (pidfdNonblock) options |= ProcessTree.WNOHANG;
        }
        if (idtype < ProcessTree.P_ALL || idtype > ProcessTree.P_PGID) throw new ErrnoException(Errno.EINVAL);
        if (idtype == ProcessTree.P_PGID && id == 0) id = t.group().pgid();
        ProcessTree.WaitResult r = t.kernel().tree().waitChild(t.group(), idtype, id, options);
        if (r == null && pidfdNonblock) throw new ErrnoException(Errno.EAGAIN);
        byte[] info = new byte[128];
        if (r != null) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(info).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            b.putInt(0, SIGCHLD);
            int st = r.status();
            if ((st & 0xff) == 0x7f) {
                // Stopped: a ptrace-stop reports CLD_TRAPPED with its whole stop code.
                b.putInt(8, r.ptrace() ? SigInfo.CLD_TRAPPED : SigInfo.CLD_STOPPED);
                b.putInt(24, r.ptrace() ? st >>> 8 : (st >>> 8) & 0xff);
            } else if (st == 0xffff) {
                b.putInt(8, SigInfo.CLD_CONTINUED);
                b.putInt(24, Signals.SIGCONT);
            } else if (ExitStatus.isExited(st)) {
                b.putInt(8, CLD_EXITED);
                b.putInt(24, ExitStatus.exitCode(st));
            } else {
                b.putInt(8, ExitStatus.coreDumped(st) ? CLD_DUMPED : CLD_KILLED);
                b.putInt(24, ExitStatus.termSig(st));
            }
            b.putInt(16, r.pid());
            b.putInt(20, r.uid());
        }
        if (infop != 0) t.mm().write(infop, info, 0, info.length);
        if (a.u64(4) != 0) writeRusage(t, a.u64(4), r);
        return 0;
    }

    /** kill implements Linux syscall kill(2). */
    static long kill(Task t, Args a) {
        int pid = a.i32(0);
        int sig = a.i32(1);
        if (sig < 0 || sig > Signals.NSIG) throw new ErrnoException(Errno.EINVAL);
        List<ThreadGroup> targets = new ArrayList<>();
        ProcessTree tree = t.kernel().tree();
        if (pid > 0) {
            ThreadGroup g = tree.get(pid);
            if (g != null) targets.add(g);
        } else if (pid == 0) {
            targets.addAll(tree.processGroup(t.group().pgid()));
        } else if (pid == -1) {
            for (ThreadGroup g : tree.all()) if (g.pid() != 1 && g != t.group()) targets.add(g);
        } else {
            targets.addAll(tree.processGroup(-pid));
        }
        if (targets.isEmpty()) throw new ErrnoException(Errno.ESRCH);
        ErrnoException denied = null;
        int sent = 0;
        for (ThreadGroup g : targets) {
            try {
                send(t, g, sig);
                sent++;
            } catch (ErrnoException e) {
                denied = e;
            }
        }
        if (sent == 0 && denied != null) throw denied;
        return 0;
    }

    static long signalTid(Task t, int tid, int sig) {
        if (tid <= 0 || sig < 0 || sig > Signals.NSIG) throw new ErrnoException(Errno.EINVAL);
        Task target = t.kernel().task(tid);
        if (target == null || target.signals() == null) throw new ErrnoException(Errno.ESRCH);
        checkPermission(t, target.group(), sig);
        if (sig == 0) return 0;
        target.group().signals().sendToThread(target.signals(),
                SigInfo.tkill(sig, t.group().pid(), t.group().uid()), false);
        return 0;
    }

    /** kill_ok_by_cred: root, or the sender's real or effective uid is the target's real or saved uid. */
    static void checkPermission(Task t, ThreadGroup target, int sig) {
        var c = t.group().cred();
        var tc = target.cred();
        if (c.euid() == 0) return;
        if (c.euid() == tc.ruid() || c.euid() == tc.suid() || c.ruid() == tc.ruid() || c.ruid() == tc.suid()) return;
        if (sig == Signals.SIGCONT && target.sid() == t.group().sid()) return;
        throw new ErrnoException(Errno.EPERM);
    }

    /** Sends {@code sig} to a process as kill(2) does. */
    static void send(Task t, ThreadGroup g, int sig) {
        checkPermission(t, g, sig);
        if (sig == 0) return;
        g.signals().sendToProcess(SigInfo.user(sig, t.group().pid(), t.group().uid()),
                g == t.group() ? t.signals() : null, false);
    }
}
