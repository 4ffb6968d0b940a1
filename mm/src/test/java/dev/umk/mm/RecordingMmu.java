package dev.umk.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.umk.core.hw.Mmu;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An Mmu for tests: records every call and keeps the host's view (page -> frame, prot) so
 * tests can check that the Mmu never holds more than the page table allows.
 */
final class RecordingMmu implements Mmu {
    record Call(String op, long va, long len, long pa, int prot) {}

    final List<Call> calls = new ArrayList<>();
    /** vpn -> {pa, prot} as the host would have it. */
    final TreeMap<Long, long[]> pages = new TreeMap<>();
    /** What {@link #othersMayRun()} answers. */
    boolean othersMayRun;

    @Override
    public boolean othersMayRun() {
        return othersMayRun;
    }

    @Override
    public void map(long va, long len, long pa, int prot) {
        calls.add(new Call("map", va, len, pa, prot));
        for (long o = 0; o < len; o += 4096) pages.put((va + o) >>> 12, new long[] {pa + o, prot});
    }

    @Override
    public void unmap(long va, long len) {
        calls.add(new Call("unmap", va, len, 0, 0));
        pages.subMap(va >>> 12, (va + len) >>> 12).clear();
    }

    @Override
    public void protect(long va, long len, int prot) {
        calls.add(new Call("protect", va, len, 0, prot));
        for (long o = 0; o < len; o += 4096) {
            long[] p = pages.get((va + o) >>> 12);
            if (p == null) fail("protect of unmapped page 0x" + Long.toHexString(va + o));
            p[1] = prot;
        }
    }

    @Override
    public void flush() {}

    List<Call> calls(String op) {
        return calls.stream().filter(c -> c.op.equals(op)).toList();
    }

    void clearCalls() {
        calls.clear();
    }

    /** Forgets a mapping behind the kernel's back, as a lossy Mmu may. */
    void drop(long va) {
        pages.remove(va >>> 12);
    }

    /** Every page the host has mapped matches its PTE and is within the VMA's permission. */
    void assertConsistentWith(AddressSpace as) {
        synchronized (as.mu) {
            for (Map.Entry<Long, long[]> e : pages.entrySet()) {
                long vpn = e.getKey();
                long pte = as.pt.get(vpn);
                String where = "page 0x" + Long.toHexString(vpn << 12);
                assertTrue(Pte.present(pte), where + " mapped without a frame");
                assertTrue(Pte.mapped(pte), where + " mapped but PTE not marked");
                assertEquals(Pte.pa(pte), e.getValue()[0], where + " maps another frame");
                Vma v = as.vmas.find(vpn << 12);
                assertTrue(v != null, where + " mapped outside any VMA");
                int allowed = PteRange.allowedProt(v, pte);
                int prot = (int) e.getValue()[1];
                assertEquals(0, prot & ~allowed, where + " has more permission than allowed");
                assertEquals(Pte.mappedProt(pte), prot, where + " PTE records another prot");
            }
        }
    }
}
