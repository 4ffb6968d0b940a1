package dev.umk.mm;

import static dev.umk.core.abi.Mman.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ForkTest extends MmTestBase {
    final RecordingMmu childMmu = new RecordingMmu();

    @Test
    void parentAndChildEachSeeTheirOwnWrites() {
        long a = anon(4 * PAGE, RW);
        cpu.store(a, (byte) 1);
        AddressSpace child = as.fork(childMmu);
        FakeCpu ccpu = new FakeCpu(child, childMmu);
        assertEquals(1, ccpu.load(a));
        ccpu.store(a, (byte) 2);
        cpu.store(a + 1, (byte) 3);
        assertEquals(1, cpu.load(a));
        assertEquals(2, ccpu.load(a));
        assertEquals(3, cpu.load(a + 1));
        assertEquals(0, ccpu.load(a + 1));
        childMmu.assertConsistentWith(child);
    }

    /** More dirty pages than fork copies eagerly. */
    static final int BIG = 2 * ForkCopy.EAGER_COPY_MAX;

    @Test
    void forkSharesFramesUntilWritten() {
        long a = anon(BIG * PAGE, RW);
        for (int i = 0; i < BIG; i++) cpu.store(a + i * PAGE, (byte) i);
        long before = frames.freeFrames();
        AddressSpace child = as.fork(childMmu);
        assertEquals(before, frames.freeFrames(), "fork copies no data");
        assertEquals(2, frames.ref(Pte.pa(pte(a))));
        assertTrue(Pte.cow(pte(a)));
        assertEquals(BIG, child.residentPages());
    }

    @Test
    void parentLosesWriteOnPrivatePagesInOneProtectCall() {
        long a = anon(BIG * PAGE, RW);
        for (int i = 0; i < BIG; i++) cpu.store(a + i * PAGE, (byte) 1);
        mmu.clearCalls();
        as.fork(childMmu);
        assertEquals(1, mmu.calls("protect").size());
        assertEquals(PROT_READ, mmu.calls("protect").get(0).prot());
        assertEquals(BIG * PAGE, mmu.calls("protect").get(0).len());
    }

    @Test
    void childMmuStartsWithTheParentsPagesReadOnlyWhereCow() {
        long a = anon(BIG * PAGE, RW);
        for (int i = 0; i < BIG; i++) cpu.store(a + i * PAGE, (byte) 1);
        AddressSpace child = as.fork(childMmu);
        assertEquals(1, childMmu.calls("map").size(), "one contiguous run, one map call");
        assertEquals(PROT_READ, childMmu.calls("map").get(0).prot());
        childMmu.assertConsistentWith(child);
        FakeCpu ccpu = new FakeCpu(child, childMmu);
        assertEquals(1, ccpu.load(a));
        assertEquals(0, ccpu.faults, "premapped: reading faults no more");
        ccpu.store(a, (byte) 2);
        assertEquals(1, cpu.load(a));
        childMmu.assertConsistentWith(child);
    }

    @Test
    void smallDirtySetIsCopiedAtForkAndParentKeepsWriting() {
        long a = anon(4 * PAGE, RW);
        cpu.store(a, (byte) 1);
        long pa = Pte.pa(pte(a));
        mmu.clearCalls();
        AddressSpace child = as.fork(childMmu);
        assertTrue(mmu.calls("protect").isEmpty(), "the parent keeps its dirty pages writable");
        assertEquals(1, frames.ref(pa));
        assertFalse(Pte.cow(pte(a)));
        FakeCpu ccpu = new FakeCpu(child, childMmu);
        int parentFaults = cpu.faults;
        ccpu.store(a, (byte) 2);
        cpu.store(a + 1, (byte) 3);
        assertEquals(0, ccpu.faults + cpu.faults - parentFaults, "no COW fault on either side");
        assertEquals(1, cpu.load(a));
        assertEquals(2, ccpu.load(a));
        assertEquals(0, ccpu.load(a + 1));
        childMmu.assertConsistentWith(child);
        mmu.assertConsistentWith(as);
    }

    @Test
    void dirtyPagesStayCopyOnWriteWhileOtherThreadsMayWrite() {
        RecordingMmu threaded = new RecordingMmu();
        threaded.othersMayRun = true;
        AddressSpace mt = new AddressSpace(frames, threaded);
        FakeCpu t = new FakeCpu(mt, threaded);
        long a = mt.mmap(0, PAGE, RW, ANON, null, 0);
        t.store(a, (byte) 1);
        mt.fork(childMmu);
        assertEquals(1, threaded.calls("protect").size(), "write-protected, not copied");
    }

    @Test
    void lastWriterReusesTheFrame() {
        long a = anon(PAGE, RW);
        cpu.store(a, (byte) 1);
        long pa = Pte.pa(pte(a));
        AddressSpace child = as.fork(childMmu);
        FakeCpu ccpu = new FakeCpu(child, childMmu);
        ccpu.store(a, (byte) 2); // copies: the parent still shares the frame
        assertEquals(1, frames.ref(pa));
        long free = frames.freeFrames();
        cpu.store(a, (byte) 3);  // the parent is alone now: no copy
        assertEquals(pa, Pte.pa(pte(a)));
        assertEquals(free, frames.freeFrames());
    }

    @Test
    void sharedMappingsStayShared() {
        long a = as.mmap(0, 2 * PAGE, RW, MAP_SHARED | MAP_ANONYMOUS, null, 0);
        cpu.store(a, (byte) 1);
        AddressSpace child = as.fork(childMmu);
        FakeCpu ccpu = new FakeCpu(child, childMmu);
        ccpu.store(a, (byte) 5);
        ccpu.store(a + PAGE, (byte) 6); // not present at fork: found through the shmem object
        assertEquals(5, cpu.load(a));
        assertEquals(6, cpu.load(a + PAGE));
        assertFalse(Pte.cow(pte(a)));
    }

    @Test
    void dontForkAreasAreLeftOutAndWipeOnForkAreasAreEmpty() {
        long keep = anon(PAGE, RW);
        long skip = as.mmap(keep - 2 * PAGE, PAGE, RW, ANON | MAP_FIXED, null, 0);
        long wipe = as.mmap(keep - 4 * PAGE, PAGE, RW, ANON | MAP_FIXED, null, 0);
        for (long x : new long[] {keep, skip, wipe}) cpu.store(x, (byte) 9);
        as.madvise(skip, PAGE, MADV_DONTFORK);
        as.madvise(wipe, PAGE, MADV_WIPEONFORK);
        AddressSpace child = as.fork(childMmu);
        assertEquals(9, child.readLong(keep) & 0xff);
        assertEquals(dev.umk.core.abi.Errno.EFAULT, errno(() -> child.readLong(skip)));
        assertEquals(0, child.readLong(wipe));
        assertEquals(9, as.readLong(wipe) & 0xff);
    }

    @Test
    void privateFilePagesStayCopyOnWriteInBoth() {
        byte[] content = new byte[4096];
        content[0] = 4;
        TestFile f = new TestFile(frames, content);
        long a = as.mmap(0, PAGE, RW, MAP_PRIVATE, f, 0);
        cpu.load(a);
        AddressSpace child = as.fork(childMmu);
        assertEquals(2, f.opens);
        FakeCpu ccpu = new FakeCpu(child, childMmu);
        ccpu.store(a, (byte) 8);
        assertEquals(4, cpu.load(a));
        assertEquals(4, f.byteAt(0));
        child.destroy();
        assertEquals(1, f.opens);
    }

    @Test
    void destroyingBothReturnsEveryFrame() {
        long free = frames.freeFrames();
        long a = anon(64 * PAGE, RW);
        for (int i = 0; i < 64; i++) cpu.store(a + i * PAGE, (byte) 1);
        long s = as.mmap(0, 8 * PAGE, RW, MAP_SHARED | MAP_ANONYMOUS, null, 0);
        cpu.store(s, (byte) 1);
        AddressSpace child = as.fork(childMmu);
        new FakeCpu(child, childMmu).store(a, (byte) 2);
        as.destroy();
        assertTrue(as.vmas().isEmpty());
        child.destroy();
        frames.drainCaches();
        assertEquals(free, frames.freeFrames());
    }

    @Test
    void childKeepsBrkAndLayout() {
        as.setBrkBase(0x600000);
        as.brk(0x603000);
        AddressSpace child = as.fork(childMmu);
        assertEquals(0x603000, child.brk(0));
        assertEquals(as.mmapBase(), child.mmapBase());
        assertEquals(as.vmas().size(), child.vmas().size());
    }

    @Test
    void sharedAddressSpaceIsFreedByItsLastUserOnly() {
        long a = anon(4 * PAGE, RW);
        cpu.store(a, (byte) 1);
        long before = frames.freeFrames();
        as.mmget(); // a vfork child joins
        assertEquals(2, as.users());
        assertFalse(as.mmput(), "the parent still uses it");
        assertEquals(before, frames.freeFrames());
        assertEquals(1, cpu.load(a));
        assertTrue(as.mmput());
        assertTrue(frames.freeFrames() > before, "the last user frees the frames");
        assertThrows(IllegalStateException.class, as::mmput);
    }
}
