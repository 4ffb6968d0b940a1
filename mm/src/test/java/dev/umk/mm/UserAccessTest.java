package dev.umk.mm;

import static dev.umk.core.abi.Mman.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class UserAccessTest extends MmTestBase {

    @Test
    void copiesRoundTripAcrossPages() {
        long a = anon(4 * PAGE, RW);
        byte[] src = new byte[(int) (3 * PAGE)];
        for (int i = 0; i < src.length; i++) src[i] = (byte) (i * 7);
        as.write(a + 100, src, 0, src.length);
        byte[] back = new byte[src.length];
        as.read(a + 100, back, 0, back.length);
        assertArrayEquals(src, back);
        assertEquals((byte) (5000 * 7), cpu.load(a + 100 + 5000), "the guest sees kernel writes");
    }

    @Test
    void badPointersAreEfault() {
        long a = anon(PAGE, RW);
        byte[] b = new byte[16];
        assertEquals(Errno.EFAULT, errno(() -> as.read(0, b, 0, 1)));
        assertEquals(Errno.EFAULT, errno(() -> as.read(a + PAGE, b, 0, 1)));
        assertEquals(Errno.EFAULT, errno(() -> as.read(a + PAGE - 8, b, 0, 16)), "runs off the end");
        assertEquals(Errno.EFAULT, errno(() -> as.read(-8, b, 0, 8)));
        assertEquals(Errno.EFAULT, errno(() -> as.read(MmLayout.TASK_SIZE - 8, b, 0, 16)));
        assertEquals(Errno.EFAULT, errno(() -> as.readLong(Long.MAX_VALUE)));
        assertEquals(Errno.EFAULT, errno(() -> as.writeInt(0x200000000L, 1)));
    }

    @Test
    void protectionIsChecked() {
        long ro = anon(PAGE, PROT_READ);
        long none = anon(PAGE, PROT_NONE);
        assertEquals(0, as.readLong(ro));
        assertEquals(Errno.EFAULT, errno(() -> as.writeLong(ro, 1)));
        assertEquals(Errno.EFAULT, errno(() -> as.readLong(none)));
        long xonly = anon(PAGE, PROT_EXEC);
        assertEquals(0, as.readInt(xonly), "x86 reads what it can execute");
    }

    @Test
    void kernelWriteBreaksCopyOnWrite() {
        long a = anon(PAGE, RW);
        as.writeLong(a, 1);
        cpu.load(a);
        AddressSpace child = as.fork(new RecordingMmu());
        child.writeLong(a, 2);
        as.writeLong(a + 8, 3);
        assertEquals(1, as.readLong(a));
        assertEquals(2, child.readLong(a));
        assertEquals(0, child.readLong(a + 8));
        assertEquals(3, cpu.load(a + 8), "the parent's Mmu maps the new private frame");
    }

    @Test
    void wordsCrossingAPageBoundary() {
        long a = anon(2 * PAGE, RW);
        as.writeLong(a + PAGE - 3, 0x1122334455667788L);
        assertEquals(0x1122334455667788L, as.readLong(a + PAGE - 3));
        assertEquals(0x77, cpu.load(a + PAGE - 2));
        as.writeInt(a + PAGE - 1, 0xcafebabe);
        assertEquals(0xcafebabe, as.readInt(a + PAGE - 1));
    }

    @Test
    void readCStringStopsAtNulOrLimit() {
        long a = anon(2 * PAGE, RW);
        byte[] s = "/bin/sh\0".getBytes(StandardCharsets.US_ASCII);
        as.write(a, s, 0, s.length);
        assertEquals("/bin/sh", new String(as.readCString(a, 4096), StandardCharsets.US_ASCII));
        assertEquals("/bin/sh", new String(as.readCString(a, 8), StandardCharsets.US_ASCII), "NUL as the last allowed byte");
        assertEquals(Errno.ENAMETOOLONG, errno(() -> as.readCString(a, 7)));
        assertEquals(0, as.readCString(a + 7, 1).length);
    }

    @Test
    void readCStringAcrossPagesAndIntoUnmapped() {
        long a = anon(2 * PAGE, RW);
        byte[] fill = new byte[300];
        Arrays.fill(fill, (byte) 'x');
        as.write(a + PAGE - 150, fill, 0, 300);
        assertEquals(Errno.ENAMETOOLONG, errno(() -> as.readCString(a + PAGE - 150, 300)));
        assertEquals(300, as.readCString(a + PAGE - 150, 4096).length);
        as.write(a + 2 * PAGE - 4, fill, 0, 4);
        assertEquals(Errno.EFAULT, errno(() -> as.readCString(a + 2 * PAGE - 4, 4096)));
        long big = anon(4 * PAGE, RW);
        byte[] longName = new byte[5000];
        Arrays.fill(longName, (byte) 'y');
        as.write(big, longName, 0, longName.length);
        assertEquals(5000, as.readCString(big, 8192).length);
    }

    @Test
    void iovecsAreDecodedAndChecked() {
        long a = anon(PAGE, RW);
        as.writeLong(a, 0x1000);
        as.writeLong(a + 8, 10);
        as.writeLong(a + 16, 0x2000);
        as.writeLong(a + 24, 20);
        assertArrayEquals(new long[] {0x1000, 10, 0x2000, 20}, as.readIovec(a, 2));
        assertEquals(0, as.readIovec(a, 0).length);
        assertEquals(Errno.EINVAL, errno(() -> as.readIovec(a, 1025)));
        assertEquals(Errno.EINVAL, errno(() -> as.readIovec(a, -1)));
        as.writeLong(a + 24, -1);
        assertEquals(Errno.EINVAL, errno(() -> as.readIovec(a, 2)));
        assertEquals(Errno.EFAULT, errno(() -> as.readIovec(a + PAGE - 8, 1)));
    }

    @Test
    void zeroLeavesUntouchedMemoryUnallocated() {
        long a = anon(64 * PAGE, RW);
        as.zero(a, 64 * PAGE);
        assertEquals(0, as.residentPages());
        as.writeLong(a + 10 * PAGE, -1);
        as.zero(a + 10 * PAGE + 4, 2);
        assertEquals(0xffff0000ffffffffL, as.readLong(a + 10 * PAGE));
        long ro = anon(PAGE, PROT_READ);
        assertEquals(Errno.EFAULT, errno(() -> as.zero(ro, 8)));
    }

    @Test
    void kernelAccessGrowsTheStack() {
        long top = 0x7f0000000000L;
        long stack = as.mmap(top - PAGE, PAGE, RW, ANON | MAP_GROWSDOWN | MAP_FIXED, null, 0);
        as.writeLong(stack - 3 * PAGE, 77);
        assertEquals(stack - 3 * PAGE, vmaAt(stack).start());
        assertEquals(77, as.readLong(stack - 3 * PAGE));
    }

    @Test
    void kernelAccessPopulatesWithoutMapping() {
        long a = anon(4 * PAGE, RW);
        as.readLong(a);
        assertTrue(as.residentPages() > 0);
        assertTrue(mmu.calls.isEmpty());
    }

    @Test
    void dumpPageSkipsUntouchedAnonymousMemoryWithoutMakingItPresent() {
        long a = anon(1024 * PAGE, RW);
        long written = a + 1000 * PAGE;
        as.writeLong(written, 0x1122334455667788L);
        assertEquals(0, pte(a), "beyond the fault-around window");
        byte[] page = new byte[(int) PAGE];
        assertFalse(as.dumpPage(a, page), "never touched: a hole");
        assertEquals(0, pte(a), "the dump did not populate it");
        assertTrue(as.dumpPage(written, page));
        assertEquals((byte) 0x88, page[0]);
        assertFalse(as.dumpPage(a + 1024 * PAGE, page), "unmapped");
        long none = anon(PAGE, PROT_NONE);
        assertFalse(as.dumpPage(none, page), "unreadable");
    }

    @Test
    void dumpPageReadsFilePagesInAndSkipsBeyondTheEnd() {
        byte[] content = new byte[(int) PAGE];
        content[5] = 42;
        TestFile f = new TestFile(frames, content);
        long a = as.mmap(0, 2 * PAGE, PROT_READ, MAP_PRIVATE, f, 0);
        byte[] page = new byte[(int) PAGE];
        assertTrue(as.dumpPage(a, page));
        assertEquals(42, page[5]);
        assertFalse(as.dumpPage(a + PAGE, page), "past the file's end");
    }

    @Test
    void savedAuxvIsACopy() {
        long[] auxv = {6, 4096, 0, 0};
        as.setSavedAuxv(auxv);
        auxv[1] = 1;
        assertArrayEquals(new long[] {6, 4096, 0, 0}, as.savedAuxv());
        assertArrayEquals(new long[] {6, 4096, 0, 0}, as.fork(new RecordingMmu()).savedAuxv(), "fork keeps it");
    }
}
