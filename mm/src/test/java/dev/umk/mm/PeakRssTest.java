package dev.umk.mm;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The RSS high-water mark getrusage's ru_maxrss and /proc's VmHWM report. */
class PeakRssTest extends MmTestBase {
    @Test
    void peakStaysAfterPagesAreUnmapped() {
        long a = anon(64 * PAGE, RW);
        for (int i = 0; i < 64; i++) cpu.store(a + i * PAGE, (byte) 1);
        long peak = as.peakResidentPages();
        assertTrue(peak >= 64, "every touched page counted: " + peak);
        as.munmap(a, 64 * PAGE);
        assertTrue(as.residentPages() < 64);
        assertEquals(peak, as.peakResidentPages());
    }

    @Test
    void forkChildStartsAtWhatItInherited() {
        long a = anon(16 * PAGE, RW);
        for (int i = 0; i < 16; i++) cpu.store(a + i * PAGE, (byte) 1);
        long big = anon(128 * PAGE, RW);
        for (int i = 0; i < 128; i++) cpu.store(big + i * PAGE, (byte) 1);
        as.munmap(big, 128 * PAGE);
        AddressSpace child = as.fork(new RecordingMmu());
        assertEquals(child.residentPages(), child.peakResidentPages());
        assertTrue(child.peakResidentPages() < as.peakResidentPages(), "the parent's old peak is not inherited");
    }

    @Test
    void pageTableCountsItsHighWaterMark() {
        PageTable pt = new PageTable();
        for (int i = 0; i < 5; i++) pt.set(i, Pte.make(0x1000L * (i + 1), 0));
        for (int i = 0; i < 5; i++) pt.set(i, 0);
        pt.set(9, Pte.make(0x9000, 0));
        assertEquals(1, pt.size());
        assertEquals(5, pt.peakSize());
    }
}
