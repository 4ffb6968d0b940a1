package dev.umk.mm;

import static dev.umk.core.abi.Mman.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.hw.HeapPhysicalMemory;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class ConcurrencyTest {
    private static final long PAGE = 4096;

    @Test
    void threadsSharingAnAddressSpaceAndForkingLoseNoFrames() throws Exception {
        FrameAllocator frames = new FrameAllocator(new HeapPhysicalMemory(64L << 20), 4);
        long initial = frames.freeFrames();
        AddressSpace as = new AddressSpace(frames, new RecordingMmu());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] ts = new Thread[4];
        for (int t = 0; t < ts.length; t++) {
            final int id = t;
            ts[t] = new Thread(() -> {
                try {
                    for (int round = 0; round < 200; round++) {
                        long a = as.mmap(0, 32 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, null, 0);
                        as.writeLong(a + (round % 32) * PAGE, id * 1000L + round);
                        as.handleFault(a + 5 * PAGE, SEGV_MAPERR);
                        if (round % 20 == 0) {
                            AddressSpace child = as.fork(new RecordingMmu());
                            child.writeLong(a + (round % 32) * PAGE, -1);
                            child.destroy();
                        }
                        assertEquals(id * 1000L + round, as.readLong(a + (round % 32) * PAGE));
                        as.munmap(a, 32 * PAGE);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            ts[t].start();
        }
        for (Thread t : ts) t.join();
        if (failure.get() != null) throw new AssertionError(failure.get());
        as.destroy();
        frames.drainCaches();
        assertEquals(initial, frames.freeFrames());
    }
}
