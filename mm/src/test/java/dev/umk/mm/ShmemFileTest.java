package dev.umk.mm;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ShmemFileTest extends MmTestBase {
    @Test
    void populateContiguousGivesPhysicallyConsecutiveFrames() {
        ShmemFile f = new ShmemFile(frames, 40 * PAGE);
        f.vmaOpen();
        f.populateContiguous();
        assertEquals(40, f.residentPages());
        long first = f.pageFrame(0);
        for (int i = 1; i < 40; i++) assertEquals(first + i * PAGE, f.pageFrame(i * PAGE));
        for (int i = 0; i < 40; i++) frames.put(first + i * PAGE); // pageFrame's references
        long free = frames.freeFrames();
        f.vmaClose();
        frames.drainCaches();
        assertEquals(free + 40, frames.freeFrames());
    }

    @Test
    void populateContiguousKeepsPagesAlreadyThere() {
        ShmemFile f = new ShmemFile(frames, 8 * PAGE);
        f.vmaOpen();
        long third = f.pageFrame(2 * PAGE);
        f.populateContiguous();
        assertEquals(third, f.pageFrame(2 * PAGE));
        assertEquals(8, f.residentPages());
        assertEquals(f.pageFrame(3 * PAGE) + PAGE, f.pageFrame(4 * PAGE));
    }
}
