package dev.umk.mm;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class PageTableTest {
    private static final long TOP_VPN = (MmLayout.TASK_SIZE >>> 12) - 1;

    @Test
    void setGetAndCountEntries() {
        PageTable pt = new PageTable();
        assertEquals(0, pt.get(5));
        pt.set(5, Pte.make(0x3000, 0));
        pt.set(TOP_VPN, Pte.make(0x4000, Pte.COW));
        assertEquals(0x3000, Pte.pa(pt.get(5)));
        assertTrue(Pte.cow(pt.get(TOP_VPN)));
        assertEquals(2, pt.size());
        pt.set(5, 0);
        assertEquals(1, pt.size());
        assertEquals(0, pt.get(5));
    }

    @Test
    void outOfRangeLookupsAreEmpty() {
        PageTable pt = new PageTable();
        assertEquals(0, pt.get(-1));
        assertEquals(0, pt.get(PageTable.VPN_LIMIT));
        assertThrows(IllegalArgumentException.class, () -> pt.set(PageTable.VPN_LIMIT, 1));
    }

    @Test
    void nextUsedSkipsEmptyTables() {
        PageTable pt = new PageTable();
        pt.set(10, Pte.make(0x1000, 0));
        pt.set(TOP_VPN, Pte.make(0x2000, 0));
        assertEquals(10, pt.nextUsed(0, PageTable.VPN_LIMIT));
        assertEquals(TOP_VPN, pt.nextUsed(11, PageTable.VPN_LIMIT));
        assertEquals(TOP_VPN, pt.nextUsed(11, TOP_VPN));
    }

    @Test
    void updateVisitsInOrderAndClearsToFreeTables() {
        PageTable pt = new PageTable();
        long[] vpns = {1, 2, 511, 512, 1L << 20, 1L << 30};
        for (long v : vpns) pt.set(v, Pte.make(v << 12 & 0xffffff000L, 0));
        List<Long> seen = new ArrayList<>();
        pt.update(0, PageTable.VPN_LIMIT, (vpn, pte) -> {
            seen.add(vpn);
            return vpn == 2 ? pte | Pte.COW : pte;
        });
        assertEquals(List.of(1L, 2L, 511L, 512L, 1L << 20, 1L << 30), seen);
        assertTrue(Pte.cow(pt.get(2)));
        pt.clear(0, 600, (vpn, pte) -> 0);
        assertEquals(2, pt.size());
        assertEquals(1L << 20, pt.nextUsed(0, PageTable.VPN_LIMIT));
    }

    @Test
    void rangeWalkStopsAtEnd() {
        PageTable pt = new PageTable();
        for (long v = 100; v < 200; v++) pt.set(v, Pte.make(0x1000, 0));
        int[] n = {0};
        pt.update(150, 160, (vpn, pte) -> {
            n[0]++;
            return pte;
        });
        assertEquals(10, n[0]);
    }

    @Test
    void trimFreesTablesLeftEmpty() {
        PageTable pt = new PageTable();
        pt.set(7, Pte.make(0x1000, 0));
        pt.set(7, 0);
        pt.trim(0, 1024);
        assertEquals(1024, pt.nextUsed(0, 1024));
        pt.set(7, Pte.make(0x1000, 0));
        assertEquals(7, pt.nextUsed(0, 1024));
    }
}
