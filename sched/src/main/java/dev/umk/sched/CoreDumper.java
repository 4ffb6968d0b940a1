package dev.umk.sched;

import static dev.umk.core.abi.FileFlags.O_CREAT;
import static dev.umk.core.abi.FileFlags.O_LARGEFILE;
import static dev.umk.core.abi.FileFlags.O_NOFOLLOW;
import static dev.umk.core.abi.FileFlags.O_WRONLY;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Mman;
import dev.umk.core.hw.Registers;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.Blocker;
import dev.umk.fs.Inode;
import dev.umk.fs.OpenFile;
import dev.umk.fs.Vfs;
import dev.umk.fs.proc.MappedFileName;
import dev.umk.mm.AddressSpace;
import dev.umk.mm.ShmemFile;
import dev.umk.mm.Vma;
import dev.umk.sched.coredump.CoreNotes;
import dev.umk.sched.coredump.CorePattern;
import dev.umk.sched.coredump.CoreSegment;
import dev.umk.sched.coredump.ElfCoreWriter;
import dev.umk.sched.coredump.ElfNote;
import dev.umk.sched.signal.CoreDump;
import dev.umk.sched.signal.CoreState;
import dev.umk.sched.signal.CoreThread;
import dev.umk.sched.signal.Delivery;
import dev.umk.sched.signal.ProcessSignals;
import dev.umk.sched.signal.TaskSignals;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * do_coredump for umk: when a core-dumping signal ends a group, the thread that took it
 * gathers every thread's registers and FPU (handed over through {@link CoreState}), names
 * the file from kernel.core_pattern, opens it through the VFS with Linux's safety checks,
 * and writes an ELF core with {@link ElfCoreWriter}. The group's wait status gets WCOREDUMP
 * when the file was opened and written, even if RLIMIT_CORE cut it short: Linux sets
 * has_dumped once the notes are gathered, so a truncated core still reads "(core dumped)".
 */
public final class CoreDumper {
    private static final Logger LOG = LoggerFactory.getLogger(CoreDumper.class);

    /** How long the dumper waits for the other threads to stop (Linux waits without limit). */
    static final long THREAD_WAIT_NANOS = 5_000_000_000L;

    private CoreDumper() {}

    /**
     * For a thread leaving a group that dumps core (called first thing in {@link Exit#group}):
     * hands over its registers and FPU, then waits until the dump is written. Does nothing
     * for the dumper itself or when no dump is under way.
     */
    static void joinDump(Task self) {
        TaskSignals ts = self.signals();
        if (ts == null) return;
        CoreState cs = self.group().signals().coreState();
        if (cs == null || cs.isDumper(ts)) return;
        cs.join(ts, () -> snapshot(self));
    }

    /**
     * The dumping thread's part, before it exits the group: writes the core file if
     * {@link CoreDump#wanted} and marks the group WCOREDUMP when it did. Always releases the
     * other threads.
     */
    static void dump(Task task, Delivery d) {
        ThreadGroup g = task.group();
        ProcessSignals ps = g.signals();
        CoreState cs = ps.coreState();
        try {
            if (cs == null || !cs.isDumper(task.signals())) return;
            long limit = g.rlimits().cur(Rlimits.CORE);
            if (!CoreDump.wanted(d.sig(), limit, task.dumpable() == 1)) return;
            Kernel k = task.kernel();
            String pattern = k.corePattern();
            if (CorePattern.isPipe(pattern)) {
                k.warnOnce("core_pattern pipe", "core_pattern pipes to a helper (" + pattern
                        + "); umk does not run one, so no core files are written");
                return;
            }
            if (pattern.isEmpty() || g.mm() == null || k.vfs() == null) return;
            CoreState.Threads threads = cs.awaitThreads(THREAD_WAIT_NANOS);
            if (write(task, d, pattern, limit, threads)) ps.markCoreDumped();
        } catch (ErrnoException e) {
            LOG.debug("pid {}: no core file: {}", g.pid(), e.errno());
        } catch (RuntimeException e) {
            LOG.warn("umk: core dump of {} failed", g, e);
        } finally {
            if (cs != null && cs.isDumper(task.signals())) cs.finish();
        }
    }

    /** Names, opens and writes the file; true once the file is open and the notes gathered. */
    private static boolean write(Task task, Delivery d, String pattern, long limit, CoreState.Threads threads) {
        ThreadGroup g = task.group();
        Kernel k = task.kernel();
        List<CoreThread> all = new ArrayList<>();
        all.add(snapshot(task));
        all.addAll(threads.arrived());
        for (int tid : threads.missing()) {
            Task t = k.task(tid);
            if (t == null) continue;
            LOG.warn("umk: pid {}: thread {} did not stop for the core dump; using its last registers", g.pid(), tid);
            all.add(new CoreThread(tid, copy(t.regs()), null));
        }
        List<ElfNote> notes = CoreInfo.notes(task, d, all);
        List<CoreSegment> segments = segments(g.mm());
        String name = CorePattern.format(pattern, CoreInfo.patternContext(task, d.sig(), limit), k.coreUsesPid() != 0);
        OpenFile f = open(k.vfs(), g, name);
        try {
            AddressSpace mm = g.mm();
            ElfCoreWriter.Result r = ElfCoreWriter.write(notes, segments, mm::dumpPage, (pos, b, off, len) -> pwriteAll(f, pos, b, off, len), limit);
            LOG.debug("pid {}: core dumped to {} ({})", g.pid(), name, r);
        } catch (ErrnoException e) {
            LOG.debug("pid {}: core file {} cut short: {}", g.pid(), name, e.errno());
        } finally {
            f.put();
        }
        return true;
    }

    /**
     * Opens the core file as Linux does: O_CREAT|O_NOFOLLOW, mode 0600, relative to the cwd;
     * refused unless it is a regular file with one link, owned by the dumper's fsuid, mode
     * 0600 (an existing file's contents are then truncated).
     */
    private static OpenFile open(Vfs vfs, ThreadGroup g, String name) {
        Credentials cred = g.cred();
        OpenFile f = vfs.open(g.fs(), cred, null, name, O_CREAT | O_WRONLY | O_NOFOLLOW | O_LARGEFILE, 0600,
                Blocker.NONBLOCKING);
        try {
            Inode ino = f.inode();
            if (!ino.isRegular() || ino.nlink() > 1 || ino.uid() != cred.fsuid() || (ino.mode() & 0677) != 0600) {
                throw new ErrnoException(Errno.EPERM);
            }
            vfs.ftruncate(f, 0);
            return f;
        } catch (RuntimeException e) {
            f.put();
            throw e;
        }
    }

    private static void pwriteAll(OpenFile f, long pos, byte[] b, int off, int len) {
        ByteBuffer buf = ByteBuffer.wrap(b, off, len);
        while (buf.hasRemaining()) {
            int n = f.pwrite(buf, pos + (buf.position() - off), Blocker.NONBLOCKING);
            if (n <= 0) throw new ErrnoException(Errno.EIO);
        }
    }

    /**
     * One PT_LOAD per area. Readable areas are dumped whole (untouched anonymous pages as
     * holes); unreadable ones, and shared file mappings (not in Linux's default
     * coredump_filter), get a header only.
     */
    static List<CoreSegment> segments(AddressSpace mm) {
        List<CoreSegment> out = new ArrayList<>();
        for (Vma v : mm.vmas()) {
            int prot = v.prot();
            int flags = ((prot & Mman.PROT_READ) != 0 ? CoreSegment.PF_R : 0)
                    | ((prot & Mman.PROT_WRITE) != 0 ? CoreSegment.PF_W : 0)
                    | ((prot & Mman.PROT_EXEC) != 0 ? CoreSegment.PF_X : 0);
            boolean sharedFile = v.isShared() && v.file() != null && !(v.file() instanceof ShmemFile);
            out.add(new CoreSegment(v.start(), v.end(), flags, prot != Mman.PROT_NONE && !sharedFile));
        }
        return out;
    }

    /** The calling task's registers and FPU, read on its own thread. */
    private static CoreThread snapshot(Task t) {
        byte[] fpu = null;
        try {
            byte[] buf = new byte[Math.max(512, (int) t.kernel().platform().fpuFormat()[0])];
            fpu = Arrays.copyOf(buf, t.cpu().readFpu(buf));
        } catch (RuntimeException e) {
            LOG.debug("tid {}: no FPU state for the core file: {}", t.tid(), e.toString());
        }
        return new CoreThread(t.tid(), copy(t.regs()), fpu);
    }

    private static Registers copy(Registers r) {
        Registers c = new Registers();
        c.copyFrom(r);
        return c;
    }

    /** The file name a mapping shows in NT_FILE, or null for one with no file. */
    static String mappedName(Vfs vfs, ThreadGroup g, Vma v) {
        if (v.file() instanceof MappedFileName named) return vfs.pathOf(g.fs(), named.mappedPath());
        if (v.file() instanceof ShmemFile) return "/dev/zero (deleted)";
        return null;
    }
}
