package dev.umk.syscalls;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Sysno;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.sched.Task;
import dev.umk.sched.ThreadGroup;

/**
 * Credentials (kernel/sys.c, kernel/capability.c): the set*id family with Linux's rules for
 * real, effective, saved and filesystem ids, supplementary groups, and the capability sets
 * (capget/capset with commoncap's cap_capset rules; uid changes move them as
 * {@link Credentials#withUids(int, int, int, int, boolean)} says).
 */
final class CredSyscalls {
    private CredSyscalls() {}

    private static final int CAP_V1 = 0x19980330, CAP_V2 = 0x20071026, CAP_V3 = 0x20080522;
    private static final int NGROUPS_MAX = 65536;

    static void register(SyscallTable t) {
        t.add(Sysno.SETUID, "cred", (task, a) -> setresuid(task, -1, a.i32(0), -1, true));
        t.add(Sysno.SETGID, "cred", (task, a) -> setresgid(task, -1, a.i32(0), -1, true));
        t.add(Sysno.SETREUID, "cred", CredSyscalls::setreuid);
        t.add(Sysno.SETREGID, "cred", CredSyscalls::setregid);
        t.add(Sysno.SETRESUID, "cred", (task, a) -> setresuid(task, a.i32(0), a.i32(1), a.i32(2), false));
        t.add(Sysno.SETRESGID, "cred", (task, a) -> setresgid(task, a.i32(0), a.i32(1), a.i32(2), false));
        t.add(Sysno.GETRESUID, "cred", (task, a) -> getres(task, a, true));
        t.add(Sysno.GETRESGID, "cred", (task, a) -> getres(task, a, false));
        t.add(Sysno.SETFSUID, "cred", CredSyscalls::setfsuid);
        t.add(Sysno.SETFSGID, "cred", CredSyscalls::setfsgid);
        t.add(Sysno.GETGROUPS, "cred", CredSyscalls::getgroups);
        t.add(Sysno.SETGROUPS, "cred", CredSyscalls::setgroups);
        t.add(Sysno.CAPGET, "cred", CredSyscalls::capget);
        t.add(Sysno.CAPSET, "cred", CredSyscalls::capset);
    }

    /** CAP_SETUID governs the uid calls, CAP_SETGID the gid and group calls. */
    private static boolean privilegedUid(Credentials c) {
        return c.capable(Credentials.CAP_SETUID);
    }

    private static boolean privilegedGid(Credentials c) {
        return c.capable(Credentials.CAP_SETGID);
    }

    private static boolean oneOf(int id, int a, int b, int c) {
        return id == a || id == b || id == c;
    }

    /**
     * setuid (when {@code setuidStyle}) and setresuid. setuid with privilege sets all ids;
     * without it only the effective id, to the real or saved one.
     */
    static long setresuid(Task t, int r, int e, int s, boolean setuidStyle) {
        ThreadGroup g = t.group();
        synchronized (g) {
            Credentials c = g.cred();
            if (setuidStyle) {
                if (privilegedUid(c)) {
                    g.setCred(c.withUids(e, e, e, e, t.keepCaps()));
                } else if (e == c.ruid() || e == c.suid()) {
                    g.setCred(c.withUids(c.ruid(), e, c.suid(), e, t.keepCaps()));
                } else {
                    throw new ErrnoException(Errno.EPERM);
                }
                return 0;
            }
            if (!privilegedUid(c)) {
                for (int id : new int[] {r, e, s}) {
                    if (id != -1 && !oneOf(id, c.ruid(), c.euid(), c.suid())) throw new ErrnoException(Errno.EPERM);
                }
            }
            int nr = r == -1 ? c.ruid() : r, ne = e == -1 ? c.euid() : e, ns = s == -1 ? c.suid() : s;
            g.setCred(c.withUids(nr, ne, ns, ne, t.keepCaps()));
            return 0;
        }
    }

    static long setresgid(Task t, int r, int e, int s, boolean setgidStyle) {
        ThreadGroup g = t.group();
        synchronized (g) {
            Credentials c = g.cred();
            if (setgidStyle) {
                if (privilegedGid(c)) {
                    g.setCred(c.withGids(e, e, e, e));
                } else if (e == c.rgid() || e == c.sgid()) {
                    g.setCred(c.withGids(c.rgid(), e, c.sgid(), e));
                } else {
                    throw new ErrnoException(Errno.EPERM);
                }
                return 0;
            }
            if (!privilegedGid(c)) {
                for (int id : new int[] {r, e, s}) {
                    if (id != -1 && !oneOf(id, c.rgid(), c.egid(), c.sgid())) throw new ErrnoException(Errno.EPERM);
                }
            }
            int nr = r == -1 ? c.rgid() : r, ne = e == -1 ? c.egid() : e, ns = s == -1 ? c.sgid() : s;
            g.setCred(c.withGids(nr, ne, ns, ne));
            return 0;
        }
    }

    /** setreuid implements Linux syscall setreuid(2). */
    static long setreuid(Task t, Args a) {
        int r = a.i32(0), e = a.i32(1);
        ThreadGroup g = t.group();
        synchronized (g) {
            Credentials c = g.cred();
            if (!privilegedUid(c)) {
                if (r != -1 && r != c.ruid() && r != c.euid()) throw new ErrnoException(Errno.EPERM);
                if (e != -1 && !oneOf(e, c.ruid(), c.euid(), c.suid())) throw new ErrnoException(Errno.EPERM);
            }
            int nr = r == -1 ? c.ruid() : r, ne = e == -1 ? c.euid() : e;
            // The saved id follows the new effective one when the real id changed or the
            // effective id was set to something other than the old real id.
            int ns = (r != -1 || (e != -1 && e != c.ruid())) ? ne : c.suid();
            g.setCred(c.withUids(nr, ne, ns, ne, t.keepCaps()));
            return 0;
        }
    }

    /** setregid implements Linux syscall setregid(2). */
    static long setregid(Task t, Args a) {
        int r = a.i32(0), e = a.i32(1);
        ThreadGroup g = t.group();
        synchronized (g) {
            Credentials c = g.cred();
            if (!privilegedGid(c)) {
                if (r != -1 && r != c.rgid() && r != c.egid()) throw new ErrnoException(Errno.EPERM);
                if (e != -1 && !oneOf(e, c.rgid(), c.egid(), c.sgid())) throw new ErrnoException(Errno.EPERM);
            }
            int nr = r == -1 ? c.rgid() : r, ne = e == -1 ? c.egid() : e;
            int ns = (r != -1 || (e != -1 && e != c.rgid())) ? ne : c.sgid();
            g.setCred(c.withGids(nr, ne, ns, ne));
            return 0;
        }
    }

    private static long getres(Task t, Args a, boolean uids) {
        Credentials c = t.group().cred();
        t.mm().writeInt(a.u64(0), uids ? c.ruid() : c.rgid());
        t.mm().writeInt(a.u64(1), uids ? c.euid() : c.egid());
        t.mm().writeInt(a.u64(2), uids ? c.suid() : c.sgid());
        return 0;
    }

    /** setfsuid implements Linux syscall setfsuid(2): always returns the old fsuid. */
    static long setfsuid(Task t, Args a) {
        int id = a.i32(0);
        ThreadGroup g = t.group();
        synchronized (g) {
            Credentials c = g.cred();
            int old = c.fsuid();
            if (id != -1 && (privilegedUid(c) || oneOf(id, c.ruid(), c.euid(), c.suid()) || id == c.fsuid())) {
                g.setCred(c.withFsuid(id));
            }
            return old;
        }
    }

    /** setfsgid implements Linux syscall setfsgid(2). */
    static long setfsgid(Task t, Args a) {
        int id = a.i32(0);
        ThreadGroup g = t.group();
        synchronized (g) {
            Credentials c = g.cred();
            int old = c.fsgid();
            if (id != -1 && (privilegedGid(c) || oneOf(id, c.rgid(), c.egid(), c.sgid()) || id == c.fsgid())) {
                g.setCred(c.withFsgid(id));
            }
            return old;
        }
    }

    /** getgroups implements Linux syscall getgroups(2). */
    static long getgroups(Task t, Args a) {
        int[] gs = t.group().cred().groups();
        int size = a.i32(0);
        if (size == 0) return gs.length;
        if (size < gs.length || size < 0) throw new ErrnoException(Errno.EINVAL);
        for (int i = 0; i < gs.length; i++) t.mm().writeInt(a.u64(1) + 4L * i, gs[i]);
        return gs.length;
    }

    /** setgroups implements Linux syscall setgroups(2). */
    static long setgroups(Task t, Args a) {
        int size = a.i32(0);
        if (size < 0 || size > NGROUPS_MAX) throw new ErrnoException(Errno.EINVAL);
        if (!privilegedGid(t.group().cred())) throw new ErrnoException(Errno.EPERM);
        int[] gs = new int[size];
        for (int i = 0; i < size; i++) gs[i] = t.mm().readInt(a.u64(1) + 4L * i);
        ThreadGroup g = t.group();
        synchronized (g) {
            g.setCred(g.cred().withGroups(gs));
        }
        return 0;
    }

    /** The capability header's version and how many 32-bit data words it takes; a bad version is EINVAL with V3 written back. */
    private static int capWords(Task t, long hdr, boolean nullDataOk, long data) {
        int version = t.mm().readInt(hdr);
        if (version == CAP_V1) return 1;
        if (version == CAP_V2 || version == CAP_V3) return 2;
        t.mm().writeInt(hdr, CAP_V3);
        if (nullDataOk && data == 0) return 0;
        throw new ErrnoException(Errno.EINVAL);
    }

    /** capget implements Linux syscall capget(2): the effective, permitted and inheritable sets of a thread. */
    static long capget(Task t, Args a) {
        long hdr = a.u64(0), data = a.u64(1);
        int words = capWords(t, hdr, true, data);
        if (words == 0) return 0;
        int pid = t.mm().readInt(hdr + 4);
        if (pid < 0) throw new ErrnoException(Errno.EINVAL);
        Credentials c;
        if (pid == 0 || pid == t.tid()) {
            c = t.group().cred();
        } else {
            Task o = t.kernel().task(pid);
            if (o == null) throw new ErrnoException(Errno.ESRCH);
            c = o.group().cred();
        }
        if (data == 0) return 0;
        for (int i = 0; i < words; i++) {
            long base = data + 12L * i;
            t.mm().writeInt(base, (int) (c.capEffective() >>> (32 * i)));
            t.mm().writeInt(base + 4, (int) (c.capPermitted() >>> (32 * i)));
            t.mm().writeInt(base + 8, (int) (c.capInheritable() >>> (32 * i)));
        }
        return 0;
    }

    /**
     * capset implements Linux syscall capset(2) on the calling thread, with cap_capset's rules:
     * new pE within new pP within old pP; new pI within old pI | old pP (unless CAP_SETPCAP)
     * and always within old pI | bounding set.
     */
    static long capset(Task t, Args a) {
        long hdr = a.u64(0), data = a.u64(1);
        int words = capWords(t, hdr, false, data);
        int pid = t.mm().readInt(hdr + 4);
        if (pid != 0 && pid != t.tid()) throw new ErrnoException(Errno.EPERM);
        long eff = 0, perm = 0, inh = 0;
        for (int i = 0; i < words; i++) {
            long base = data + 12L * i;
            eff |= (t.mm().readInt(base) & 0xffffffffL) << (32 * i);
            perm |= (t.mm().readInt(base + 4) & 0xffffffffL) << (32 * i);
            inh |= (t.mm().readInt(base + 8) & 0xffffffffL) << (32 * i);
        }
        eff &= Credentials.ALL_CAPS;
        perm &= Credentials.ALL_CAPS;
        inh &= Credentials.ALL_CAPS;
        ThreadGroup g = t.group();
        synchronized (g) {
            Credentials c = g.cred();
            boolean setpcap = c.capable(Credentials.CAP_SETPCAP);
            if (!setpcap && (inh & ~(c.capInheritable() | c.capPermitted())) != 0) throw new ErrnoException(Errno.EPERM);
            if ((inh & ~(c.capInheritable() | c.capBounding())) != 0) throw new ErrnoException(Errno.EPERM);
            if ((perm & ~c.capPermitted()) != 0) throw new ErrnoException(Errno.EPERM);
            if ((eff & ~perm) != 0) throw new ErrnoException(Errno.EPERM);
            g.setCred(c.withCaps(eff, perm, inh));
        }
        return 0;
    }
}
