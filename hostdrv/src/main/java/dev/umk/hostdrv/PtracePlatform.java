package dev.umk.hostdrv;

import dev.umk.core.hw.PhysicalMemory;
import dev.umk.core.hw.Platform;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;
import jnr.posix.SpawnAttribute;
import jnr.posix.SpawnFileAction;
import jnr.ffi.Pointer;

/**
 * The ptrace platform: guest physical memory as a memfd, and guest address spaces as traced
 * stub processes. {@link #newProcess()} must be called on the Java thread that will trace the
 * new process (ptrace requests from any other thread fail with ESRCH).
 *
 * <p>Lock ordering: {@code this} (control-slot allocation) is a leaf lock.
 */
public final class PtracePlatform implements Platform, AutoCloseable {
    /** fd numbers the stub receives: guest memory and its control page. */
    static final int STUB_PHYS_FD = 3;
    static final int STUB_CTL_FD = 4;
    private static final int MAX_STUBS = 8192;

    private final MemfdPhysicalMemory phys;
    private final Memfd ctl;
    private final Memfd stubElf;
    private final String stubPath;
    private final POSIX posix = POSIXFactory.getNativePOSIX();
    private final BitSet usedSlots = new BitSet(MAX_STUBS);
    /**
     * Stubs ready for a new address space, not traced: spawned ahead of need (stopped), or
     * recycled from a process that exited (empty, parked in the stub's pause loop).
     */
    private final java.util.concurrent.BlockingQueue<Spare> spare = new java.util.concurrent.LinkedBlockingQueue<>();
    private final java.util.concurrent.Semaphore wanted = new java.util.concurrent.Semaphore(0);
    /** The pool thread spawns while fewer than this many stubs are spare. */
    private static final int SPARE_STUBS = 2;
    /** Recycled stubs beyond this many spare are killed instead. */
    private static final int MAX_SPARE = 4;

    /** A spare stub: a fresh one has no control slot yet and still holds the host's image. */
    private record Spare(int pid, int slot, boolean recycled) {}

    public PtracePlatform(long physSize) {
        phys = new MemfdPhysicalMemory(physSize);
        ctl = new Memfd("umk-stubctl", (long) MAX_STUBS * StubImage.CTL_SIZE);
        byte[] elf = StubImage.elf();
        stubElf = new Memfd("umk-stub", 0x1000);
        stubElf.pointer.put(0, elf, 0, elf.length);
        if (Host.libc().ftruncate(stubElf.fd, elf.length) != 0) throw new HostException("ftruncate stub", Host.errno());
        stubPath = "/proc/" + Host.libc().getpid() + "/fd/" + stubElf.fd;
        Thread pool = new Thread(this::keepSpares, "umk-stub-pool");
        pool.setDaemon(true);
        pool.start();
        wanted.release(SPARE_STUBS);
    }

    /**
     * Spawning a stub costs a posix_spawn and an exec (~0.5-1 ms here): a pool thread keeps a
     * few spawned and stopped so fork and exec only seize one. The pool thread is the stubs'
     * parent; their PR_SET_PDEATHSIG kills them when it (the JVM) goes.
     */
    private void keepSpares() {
        Pointer status = jnr.ffi.Memory.allocateDirect(Host.runtime(), 8);
        for (;;) {
            try {
                wanted.acquire();
                if (spare.size() >= SPARE_STUBS) continue; // refilled by recycling
                int pid = spawnStub();
                int r;
                do {
                    r = Host.libc().waitpid(pid, status.address(), Ptrace.WUNTRACED);
                } while (r < 0 && Host.errno() == 4);
                if (r == pid && Ptrace.stopped(status.getInt(0))) spare.add(new Spare(pid, -1, false));
                else wanted.release();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    return;
                }
                wanted.release();
            }
        }
    }

    @Override
    public PhysicalMemory physicalMemory() {
        return phys;
    }

    @Override
    public long taskSize() {
        return StubImage.BASE;
    }

    @Override
    public long hwcap() {
        return Host.libc().getauxval(16); // AT_HWCAP
    }

    @Override
    public long[] fpuFormat() {
        return new long[] {XState.size(), XState.features()};
    }

    @Override
    public long hwcap2() {
        return Host.libc().getauxval(26); // AT_HWCAP2
    }

    /**
     * Creates a new, empty guest address space (a fresh stub process) and returns the CPU of
     * its one thread. The calling thread becomes the tracer.
     */
    @Override
    public PtraceCpu newProcess() {
        for (Spare s; (s = spare.poll()) != null; ) {
            wanted.release();
            if (!s.recycled()) return attachNew(s.pid(), true);
            try {
                return new StubProcess(this, s.pid(), s.slot()).attachRecycled();
            } catch (HostException e) {
                // Died while parked (killed from outside): try the next one.
                Host.libc().kill(s.pid(), Ptrace.SIGKILL);
                freeSlot(s.slot());
            }
        }
        return attachNew(spawnStub(), false);
    }

    private PtraceCpu attachNew(int pid, boolean stopped) {
        int slot = allocSlot();
        try {
            return new StubProcess(this, pid, slot).attachMainThread(stopped);
        } catch (RuntimeException e) {
            freeSlot(slot);
            throw e;
        }
    }

    /** Whether an exiting process's stub should be recycled (see StubProcess#recycle). */
    boolean wantsRecycled() {
        return spare.size() < MAX_SPARE;
    }

    /** Takes back an emptied, detached stub for a later {@link #newProcess}. */
    void addRecycled(int pid, int slot) {
        spare.add(new Spare(pid, slot, true));
    }

    private int spawnStub() {
        List<SpawnFileAction> actions = List.of(
                SpawnFileAction.dup(phys.fd(), STUB_PHYS_FD),
                SpawnFileAction.dup(ctl.fd, STUB_CTL_FD));
        List<SpawnAttribute> attrs = List.of(
                SpawnAttribute.flags((short) SpawnAttribute.SETPGROUP),
                SpawnAttribute.pgroup(0));
        long pid = posix.posix_spawnp(stubPath, actions, attrs, List.of("umk-stub"), new ArrayList<String>());
        if (pid <= 0) throw new HostException("posix_spawn stub", posix.errno());
        return (int) pid;
    }

    /** The JVM's view of a stub's control page. */
    Pointer ctlPage(int slot) {
        return ctl.pointer.slice((long) slot * StubImage.CTL_SIZE, StubImage.CTL_SIZE);
    }

    long ctlOffset(int slot) {
        return (long) slot * StubImage.CTL_SIZE;
    }

    private synchronized int allocSlot() {
        int s = usedSlots.nextClearBit(0);
        if (s >= MAX_STUBS) throw new HostException("too many stub processes", 11);
        usedSlots.set(s);
        return s;
    }

    synchronized void freeSlot(int slot) {
        ctl.punch(ctlOffset(slot), StubImage.CTL_SIZE);
        usedSlots.clear(slot);
    }

    @Override
    public void close() {
        stubElf.close();
        ctl.close();
        phys.close();
    }
}
