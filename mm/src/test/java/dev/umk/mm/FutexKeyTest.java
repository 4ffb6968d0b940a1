package dev.umk.mm;

import static dev.umk.core.abi.Mman.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import org.junit.jupiter.api.Test;

class FutexKeyTest extends MmTestBase {

    @Test
    void sharedFutexInSharedMemoryIsTheSameInAForkedChild() {
        long a = as.mmap(0, 2 * PAGE, RW, MAP_SHARED | MAP_ANONYMOUS, null, 0);
        AddressSpace child = as.fork(new RecordingMmu());
        assertEquals(as.futexKey(a + PAGE + 8, true), child.futexKey(a + PAGE + 8, true));
        assertNotEquals(as.futexKey(a + 8, true), child.futexKey(a + 12, true));
    }

    @Test
    void privateMemoryAndPrivateFutexesStayPerAddressSpace() {
        long a = anon(PAGE, RW);
        long s = as.mmap(0, PAGE, RW, MAP_SHARED | MAP_ANONYMOUS, null, 0);
        AddressSpace child = as.fork(new RecordingMmu());
        assertNotEquals(as.futexKey(a, true), child.futexKey(a, true), "copy-on-write memory is not shared");
        assertNotEquals(as.futexKey(s, false), child.futexKey(s, false), "FUTEX_PRIVATE_FLAG keys by address space");
        assertEquals(as.futexKey(a, true), as.futexKey(a, false));
    }

    @Test
    void sameSharedObjectMappedTwiceIsOneFutex() {
        TestFile f = new TestFile(frames, new byte[(int) (4 * PAGE)]);
        long a = as.mmap(0, 2 * PAGE, RW, MAP_SHARED, f, 0);
        long b = as.mmap(0, 2 * PAGE, RW, MAP_SHARED, f, PAGE);
        assertEquals(as.futexKey(a + PAGE + 4, true), as.futexKey(b + 4, true));
    }

    @Test
    void sharedKeyOfUnmappedOrUnreadableMemoryIsEfault() {
        long a = anon(2 * PAGE, RW);
        as.munmap(a, PAGE);
        as.mprotect(a + PAGE, PAGE, PROT_NONE);
        assertEquals(Errno.EFAULT, errno(() -> as.futexKey(a, true)));
        assertEquals(Errno.EFAULT, errno(() -> as.futexKey(a + PAGE, true)));
        assertDoesNotThrow(() -> as.futexKey(a, false), "private keys need no mapping (Linux's fshared=0)");
    }
}
