package dev.umk.cli.it;

import org.junit.jupiter.api.Test;

/**
 * fpu.c under umk: libm results, long double, SSE vectors, and x87/SSE/MXCSR state across
 * system calls must be bit-identical to Linux.
 */
class FpuTest {

    @Test
    void floatingPointAndVectorStateMatchLinux() {
        Differential.of("fpu").run().assertNativeStatus(0).assertSame();
    }
}
