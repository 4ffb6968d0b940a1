package dev.umk.sched;

import static dev.umk.core.abi.Mman.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.FileFlags;
import dev.umk.core.hw.HeapPhysicalMemory;
import dev.umk.core.hw.Mmu;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.FdTable;
import dev.umk.fs.FsClock;
import dev.umk.fs.OpenFile;
import dev.umk.fs.ParkingBlocker;
import dev.umk.fs.Vfs;
import dev.umk.fs.page.HeapPageAllocator;
import dev.umk.fs.proc.ProcEnv;
import dev.umk.fs.proc.ProcFsType;
import dev.umk.fs.proc.TaskInfo;
import dev.umk.fs.proc.VmaInfo;
import dev.umk.fs.tmpfs.TmpfsType;
import dev.umk.mm.AddressSpace;
import dev.umk.mm.FrameAllocator;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ProcessInfoSource over a real process tree, and procfs mounted on it. */
class ProcessInfoSourceTest {
    private final FrameAllocator frames = new FrameAllocator(new HeapPhysicalMemory(64L << 20));
    private final Kernel kernel = new Kernel(null, frames, null, 2);
    private final ProcessInfoSource info = new ProcessInfoSource(kernel);
    private final TmpfsType tmpfs = new TmpfsType(FsClock.SYSTEM, HeapPageAllocator.INSTANCE, 1L << 26);
    private final Vfs vfs = new Vfs(tmpfs.mount("rootfs", 0, "mode=755"), FsClock.SYSTEM);
    private ThreadGroup init;
    private Task initTask;
    private ThreadGroup child;

    @BeforeEach
    void twoProcesses() {
        kernel.setVfs(vfs);
        init = process(null, "/sbin/init", "init", "-s");
        initTask = init.tasks.get(0);
        child = process(init, "/bin/sh", "sh", "-c", "true");
        long heap = child.mm().mmap(0, 8 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, null, 0);
        child.mm().write(heap, new byte[3 * 4096], 0, 3 * 4096);
    }

    @AfterEach
    void unbind() {
        ProcessInfoSource.unbindCurrent();
    }

    private ThreadGroup process(ThreadGroup parent, String exe, String... argv) {
        ThreadGroup g = new ThreadGroup(kernel.allocPid(), new Rlimits(), Credentials.of(1000, 1000), kernel.uptimeNanos(),
                new dev.umk.sched.signal.ProcessSignals(dev.umk.sched.signal.SigqueueAccount.UNLIMITED));
        Task t = new Task(kernel, g.pid(), g, null);
        t.attachSignals(0, dev.umk.sched.signal.SigAltStack.DISABLED);
        g.tasks.add(t);
        g.setMm(new AddressSpace(frames, Mmu.NONE));
        g.setFs(vfs.newContext(022));
        g.setFiles(new FdTable());
        byte[][] args = Arrays.stream(argv).map(s -> s.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        g.setProgram(exe, args, new byte[][] {"TERM=dumb".getBytes(StandardCharsets.UTF_8)});
        kernel.tree().add(g, parent);
        return g;
    }

    private static void assertErrno(Errno e, org.junit.jupiter.api.function.Executable op) {
        assertEquals(e, assertThrows(ErrnoException.class, op).errno());
    }

    @Test
    void listsProcessesAndTheirTreePlaces() {
        assertArrayEquals(new int[] {1, 2}, info.tgids());
        TaskInfo sh = info.process(2);
        assertEquals(1, sh.ppid());
        assertEquals(1, sh.pgid());
        assertEquals("sh", new String(sh.comm(), StandardCharsets.UTF_8));
        assertEquals("sh\0-c\0true\0", new String(sh.cmdline(), StandardCharsets.UTF_8));
        assertEquals("TERM=dumb\0", new String(sh.environ(), StandardCharsets.UTF_8));
        assertEquals("/bin/sh", sh.exePath());
        assertArrayEquals(new int[] {2}, sh.threads());
        assertErrno(Errno.ESRCH, () -> info.process(99));
    }

    @Test
    void areasCarryResidentPages() {
        TaskInfo sh = info.process(2);
        List<VmaInfo> vmas = sh.vmas(true);
        assertEquals(1, vmas.size());
        assertEquals(8 * 4096, vmas.get(0).length());
        long resident = sh.residentPages();
        assertTrue(resident >= 3, "the written pages (and whatever fault-around added)");
        assertEquals(resident, vmas.get(0).rssPages());
        assertEquals(0, sh.vmas(false).get(0).rssPages());
        assertEquals(1000, sh.cred().euid());
    }

    @Test
    void currentIsTheBoundTaskOrTheTaskOfThisThread() throws Exception {
        assertErrno(Errno.ENOENT, info::current);
        ProcessInfoSource.bindCurrent(initTask);
        assertEquals(1, info.current().tgid());
        ProcessInfoSource.unbindCurrent();
        AtomicReference<Integer> seen = new AtomicReference<>();
        Thread th = new Thread(() -> seen.set(info.current().tgid()));
        child.tasks.get(0).setThread(th);
        th.start();
        th.join();
        assertEquals(2, seen.get());
    }

    @Test
    void zombieStaysListedUntilReaped() {
        TaskInfo view = info.process(2);
        kernel.tree().exited(child, false);
        assertArrayEquals(new int[] {1, 2}, info.tgids());
        assertEquals('Z', view.state());
        assertFalse(view.hasMm());
        assertTrue(view.alive());
        assertErrno(Errno.ESRCH, view::fs);
        kernel.tree().waitChild(init, ProcessTree.P_ALL, 0, ProcessTree.WEXITED | ProcessTree.WNOHANG);
        assertFalse(view.alive());
        assertArrayEquals(new int[] {1}, info.tgids());
        assertErrno(Errno.ESRCH, () -> info.process(2));
    }

    @Test
    void signalDispositionsShowAsIgnoredAndCaught() {
        child.signals().sigaction(Signals.SIGPIPE, new SigAction(SigAction.SIG_IGN, 0, 0, 0));
        child.signals().sigaction(Signals.SIGINT, new SigAction(0x401000, 0x04000000, 0x401100, 0));
        child.tasks.get(0).signals().setBlocked(Signals.bit(Signals.SIGCHLD));
        TaskInfo.SignalState s = info.process(2).signals();
        assertEquals(Signals.bit(Signals.SIGPIPE), s.ignored());
        assertEquals(Signals.bit(Signals.SIGINT), s.caught());
        assertEquals(Signals.bit(Signals.SIGCHLD), s.blocked());
    }

    @Test
    void kernelNumbersComeFromTheFrameAllocator() {
        assertEquals(64L << 20, info.memTotalBytes());
        assertTrue(info.memFreeBytes() < info.memTotalBytes());
        assertEquals(2, info.cpus());
        assertEquals(2, info.lastPid());
        assertEquals(2, info.taskCount());
        info.setHostname("box");
        assertEquals("box", kernel.hostname());
    }

    @Test
    void procfsOverTheRealTreeShowsTheCaller() {
        vfs.registerFileSystem(new ProcFsType(new ProcEnv(vfs, info, info, ""), FsClock.SYSTEM));
        Credentials root = Credentials.root();
        vfs.mkdir(init.fs(), root, null, "/proc", 0555);
        vfs.mount(init.fs(), root, "proc", null, "/proc", "proc", 0, "");
        ProcessInfoSource.bindCurrent(child.tasks.get(0));
        assertEquals("2", vfs.readlink(child.fs(), child.cred(), null, "/proc/self"));
        String status = read("/proc/self/status");
        assertTrue(status.startsWith("Name:\tsh\nUmask:\t0022\n"), status);
        assertTrue(status.contains("\nPPid:\t1\n"));
        assertTrue(status.contains(String.format("%nVmRSS:\t%8d kB%n", child.mm().residentPages() * 4)), status);
        assertTrue(read("/proc/self/maps").contains(" rw-p 00000000 00:00 0 \n"));
        assertTrue(read("/proc/1/stat").startsWith("1 (init) "));
    }

    private String read(String path) {
        OpenFile f = vfs.open(child.fs(), child.cred(), null, path, FileFlags.O_RDONLY, 0, new ParkingBlocker());
        try {
            ByteBuffer b = ByteBuffer.allocate(1 << 16);
            while (f.read(b, new ParkingBlocker()) > 0) { }
            return new String(b.array(), 0, b.position(), StandardCharsets.ISO_8859_1);
        } finally {
            f.put();
        }
    }

    @Test
    void vmHwmIsTheAddressSpacesPeak() {
        long heap = child.mm().vmas().get(0).start();
        child.mm().munmap(heap, 8 * 4096);
        TaskInfo v = info.process(2);
        assertEquals(0, v.residentPages());
        assertTrue(v.peakResidentPages() >= 3, "peak " + v.peakResidentPages());
    }

    @Test
    void maxRssSurvivesExecAndReachesAWaitingParent() {
        long peak = child.maxRssPages();
        assertTrue(peak >= 3, "peak " + peak);
        child.setMm(new AddressSpace(frames, Mmu.NONE)); // what exec does
        assertEquals(peak, child.maxRssPages());
        kernel.tree().exited(child, false);
        assertEquals(0, init.childMaxRssPages(), "a zombie is not counted before it is waited for");
        kernel.tree().waitChild(init, ProcessTree.P_ALL, 0, ProcessTree.WEXITED | ProcessTree.WNOHANG);
        assertEquals(peak, init.childMaxRssPages());
    }

    @Test
    void autoreapedChildAddsNothingToChildTotals() {
        kernel.tree().exited(child, true);
        assertEquals(0, init.childMaxRssPages());
    }

    @Test
    void oomScoreAdjIsPerProcessAndForkInheritsItWithItsFloor() {
        info.process(2).setOomScoreAdj(-1000, true, false);
        assertEquals(-1000, info.thread(2).oomScoreAdj());
        assertEquals(0, info.process(1).oomScoreAdj());
        ThreadGroup forked = process(child, "/bin/sh", "sh");
        forked.inheritOomScoreAdj(child);
        assertEquals(-1000, forked.oomScoreAdj());
        forked.setOomScoreAdj(-1000, false, false); // at the inherited floor: allowed
        assertErrno(Errno.EACCES, () -> init.setOomScoreAdj(-1, false, false));
        assertErrno(Errno.EACCES, () -> init.setOomScoreAdj(-1, false, true));
        init.setOomScoreAdj(600, false, true);
        assertErrno(Errno.EACCES, () -> init.setOomScoreAdj(500, false, true)); // legacy: not below the current value
        init.setOomScoreAdj(500, false, false);
    }

    @Test
    void nsLastPidRewindsPidsButSkipsThoseStillInUse() {
        info.setLastPid(0);
        assertEquals(0, info.lastPid());
        assertEquals(3, kernel.allocPid(), "pids 1 and 2 are in use");
        assertEquals(3, info.lastPid());
        kernel.tree().exited(child, false);
        kernel.tree().waitChild(init, ProcessTree.P_ALL, 0, ProcessTree.WEXITED | ProcessTree.WNOHANG);
        info.setLastPid(1);
        assertEquals(2, kernel.allocPid(), "a reaped pid is handed out again");
    }
}
