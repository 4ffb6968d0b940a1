package dev.umk.mm;

import static dev.umk.core.abi.Mman.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class BrkTest extends MmTestBase {
    static final long BASE = 0x601234;
    static final long START = 0x602000;

    @Test
    void brkQueryReturnsTheStart() {
        as.setBrkBase(BASE);
        assertEquals(START, as.brk(0));
    }

    @Test
    void brkGrowsAndShrinksAnExactBreak() {
        as.setBrkBase(BASE);
        assertEquals(START + 10, as.brk(START + 10));
        assertEquals(START + PAGE, vmaAt(START).end());
        assertEquals(START + 3 * PAGE + 5, as.brk(START + 3 * PAGE + 5));
        assertEquals(1, vmaCount());
        as.writeLong(START + 3 * PAGE, 1);
        assertEquals(START + 5, as.brk(START + 5));
        assertNull(vmaAt(START + PAGE));
        assertEquals(START, as.brk(START));
        assertNull(vmaAt(START));
    }

    @Test
    void brkBelowStartReturnsTheCurrentBreak() {
        as.setBrkBase(BASE);
        as.brk(START + PAGE);
        assertEquals(START + PAGE, as.brk(START - PAGE));
    }

    @Test
    void brkCannotGrowIntoAMapping() {
        as.setBrkBase(BASE);
        as.mmap(START + 4 * PAGE, PAGE, RW, ANON | MAP_FIXED, null, 0);
        assertEquals(START + 3 * PAGE, as.brk(START + 3 * PAGE), "one page of gap is kept");
        assertEquals(START + 3 * PAGE, as.brk(START + 3 * PAGE + 1));
    }

    @Test
    void heapIsNamed() {
        as.setBrkBase(BASE);
        as.brk(START + 2 * PAGE);
        assertEquals("[heap]", as.vmas().get(0).name());
    }

    @Test
    void heapPagesFaultInLikeAnyAnonymousMemory() {
        as.setBrkBase(BASE);
        as.brk(START + 8 * PAGE);
        cpu.store(START + 7 * PAGE, (byte) 1);
        assertEquals(1, cpu.faults);
    }

    @Test
    void brkWithoutABaseFails() {
        assertEquals(0, as.brk(0x100000));
    }
}
