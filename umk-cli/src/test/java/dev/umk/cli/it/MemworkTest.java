package dev.umk.cli.it;

import org.junit.jupiter.api.Test;

/**
 * memwork.c under umk: malloc of 64 MiB, mmap/munmap/mprotect/mremap/brk/madvise/mincore
 * results and errno names must be exactly Linux's.
 */
class MemworkTest {

    @Test
    void memoryManagementMatchesLinux() {
        Differential.of("memwork").run().assertNativeStatus(0).assertSame();
    }
}
