package dev.umk.fs.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CpuListTest {
    @Test
    void listsRangesAsLinuxPrintsThem() {
        assertEquals("0", CpuList.list(1));
        assertEquals("0-7", CpuList.list(8));
        assertEquals("", CpuList.list(0));
    }

    @Test
    void masksGroupWordsAndPadOnlyTheLowerOnes() {
        assertEquals("f", CpuList.mask(4, 4));
        assertEquals("ff", CpuList.mask(8, 8));
        assertEquals("01", CpuList.mask(1, 8));
        assertEquals("f,ffffffff", CpuList.mask(36, 36));
        assertEquals("ffffffff,ffffffff", CpuList.mask(64, 64));
        assertEquals("0,00000001", CpuList.mask(1, 33));
    }
}
