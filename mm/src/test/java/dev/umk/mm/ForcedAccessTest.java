package dev.umk.mm;

import static dev.umk.core.abi.Mman.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import org.junit.jupiter.api.Test;

/** AddressSpace.accessForced: what a ptrace tracer's PEEK/POKE may do (FOLL_FORCE). */
class ForcedAccessTest extends MmTestBase {
    final RecordingMmu childMmu = new RecordingMmu();

    @Test
    void forcedWriteReachesReadOnlyPrivateMemory() {
        long a = anon(PAGE, RW);
        cpu.store(a, (byte) 1);
        as.mprotect(a, PAGE, PROT_READ | PROT_EXEC);
        assertEquals(Errno.EFAULT, errno(() -> as.write(a, new byte[] {2}, 0, 1)));
        as.accessForced(a, new byte[] {2}, 0, 1, true);
        assertEquals(2, cpu.load(a));
    }

    @Test
    void forcedWriteAfterForkCopiesTheSharedFrame() {
        long a = anon(PAGE, RW);
        cpu.store(a, (byte) 1);
        as.mprotect(a, PAGE, PROT_READ | PROT_EXEC);
        AddressSpace child = as.fork(childMmu);
        child.accessForced(a, new byte[] {(byte) 0xcc}, 0, 1, true);
        byte[] b = new byte[1];
        child.accessForced(a, b, 0, 1, false);
        assertEquals((byte) 0xcc, b[0]);
        assertEquals(1, cpu.load(a), "the parent keeps its own text");
        childMmu.assertConsistentWith(child);
    }

    @Test
    void forcedReadSeesProtNoneMemory() {
        long a = anon(PAGE, RW);
        cpu.store(a, (byte) 7);
        as.mprotect(a, PAGE, PROT_NONE);
        byte[] b = new byte[1];
        assertEquals(Errno.EFAULT, errno(() -> as.read(a, b, 0, 1)));
        as.accessForced(a, b, 0, 1, false);
        assertEquals(7, b[0]);
    }

    @Test
    void forcedWriteNeverWritesReadOnlySharedMemory() {
        long a = as.mmap(0, PAGE, PROT_READ, MAP_SHARED | MAP_ANONYMOUS, null, 0);
        assertEquals(Errno.EFAULT, errno(() -> as.accessForced(a, new byte[] {1}, 0, 1, true)));
    }

    @Test
    void forcedAccessToNothingMappedFaults() {
        assertEquals(Errno.EFAULT, errno(() -> as.accessForced(0x10000000L, new byte[8], 0, 8, false)));
    }
}
