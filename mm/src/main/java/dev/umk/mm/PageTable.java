package dev.umk.mm;

/**
 * One address space's map from virtual page number to {@link Pte}: a 4-level radix tree of
 * 512-entry arrays, as x86-64 has, so a lookup is four array loads. Missing tables mean empty
 * entries; range walks skip them whole, and walks that empty a table free it.
 *
 * <p>Not thread-safe: the owning {@link AddressSpace}'s lock guards it.
 */
public final class PageTable {
    private static final int BITS = 9;
    private static final int FANOUT = 1 << BITS;
    private static final int MASK = FANOUT - 1;
    /** Virtual page numbers below this fit the four levels (48-bit addresses). */
    public static final long VPN_LIMIT = 1L << (4 * BITS);

    /** Called for each non-empty entry of a walk; returns the entry's new value (0 clears it). */
    @FunctionalInterface
    public interface PteVisitor {
        long visit(long vpn, long pte);
    }

    private final long[][][][] root = new long[FANOUT][][][];
    private long count;
    /** The most entries held at once (the RSS high-water mark, Linux's hiwater_rss). */
    private long peak;

    /** The entry for {@code vpn}, 0 when empty. */
    public long get(long vpn) {
        if (vpn < 0 || vpn >= VPN_LIMIT) return 0;
        long[][][] l3 = root[(int) (vpn >>> 27)];
        if (l3 == null) return 0;
        long[][] l2 = l3[(int) (vpn >>> 18) & MASK];
        if (l2 == null) return 0;
        long[] l1 = l2[(int) (vpn >>> 9) & MASK];
        return l1 == null ? 0 : l1[(int) vpn & MASK];
    }

    /** Sets an entry; 0 clears it. */
    public void set(long vpn, long pte) {
        if (vpn < 0 || vpn >= VPN_LIMIT) throw new IllegalArgumentException("vpn " + vpn);
        long[] l1 = leaf(vpn, pte != 0);
        if (l1 == null) return;
        int i = (int) vpn & MASK;
        long old = l1[i];
        l1[i] = pte;
        if (old == 0 && pte != 0) {
            if (++count > peak) peak = count;
        } else if (old != 0 && pte == 0) {
            count--;
        }
    }

    /** Number of non-empty entries (resident pages). */
    public long size() {
        return count;
    }

    /** The most non-empty entries this table has held at once. */
    public long peakSize() {
        return peak;
    }

    /** The first vpn in [from, to) with a non-empty entry, or {@code to}. */
    public long nextUsed(long from, long to) {
        long v = Math.max(from, 0);
        to = Math.min(to, VPN_LIMIT);
        while (v < to) {
            long[][][] l3 = root[(int) (v >>> 27)];
            if (l3 == null) {
                v = (v | ((1L << 27) - 1)) + 1;
                continue;
            }
            long[][] l2 = l3[(int) (v >>> 18) & MASK];
            if (l2 == null) {
                v = (v | ((1L << 18) - 1)) + 1;
                continue;
            }
            long[] l1 = l2[(int) (v >>> 9) & MASK];
            if (l1 == null) {
                v = (v | MASK) + 1;
                continue;
            }
            long leafEnd = Math.min((v | MASK) + 1, to);
            for (; v < leafEnd; v++) {
                if (l1[(int) v & MASK] != 0) return v;
            }
        }
        return Math.max(to, from);
    }

    /**
     * Visits every non-empty entry in [from, to) in order, storing what the visitor returns.
     * The visitor must not modify this table itself.
     */
    public void update(long from, long to, PteVisitor visitor) {
        to = Math.min(to, VPN_LIMIT);
        long v = nextUsed(from, to);
        while (v < to) {
            long[] l1 = leaf(v, false);
            long leafEnd = Math.min((v | MASK) + 1, to);
            boolean cleared = false;
            for (; v < leafEnd; v++) {
                int i = (int) v & MASK;
                long old = l1[i];
                if (old == 0) continue;
                long nv = visitor.visit(v, old);
                if (nv != old) {
                    l1[i] = nv;
                    if (nv == 0) {
                        count--;
                        cleared = true;
                    }
                }
            }
            if (cleared) freeIfEmpty(v - 1);
            v = nextUsed(v, to);
        }
    }

    /** Clears [from, to), calling the visitor on each entry removed. */
    public void clear(long from, long to, PteVisitor removed) {
        update(from, to, (vpn, pte) -> {
            removed.visit(vpn, pte);
            return 0;
        });
    }

    /** Frees the tables under [from, to) that hold no entries (after entries moved away). */
    public void trim(long from, long to) {
        to = Math.min(to, VPN_LIMIT);
        for (long v = Math.max(from, 0); v < to; v = (v | MASK) + 1) {
            long[][][] l3 = root[(int) (v >>> 27)];
            if (l3 == null) {
                v |= (1L << 27) - 1;
                continue;
            }
            long[][] l2 = l3[(int) (v >>> 18) & MASK];
            if (l2 == null) {
                v |= (1L << 18) - 1;
                continue;
            }
            if (l2[(int) (v >>> 9) & MASK] != null) freeIfEmpty(v);
        }
    }

    private long[] leaf(long vpn, boolean create) {
        int i4 = (int) (vpn >>> 27);
        long[][][] l3 = root[i4];
        if (l3 == null) {
            if (!create) return null;
            l3 = root[i4] = new long[FANOUT][][];
        }
        int i3 = (int) (vpn >>> 18) & MASK;
        long[][] l2 = l3[i3];
        if (l2 == null) {
            if (!create) return null;
            l2 = l3[i3] = new long[FANOUT][];
        }
        int i2 = (int) (vpn >>> 9) & MASK;
        long[] l1 = l2[i2];
        if (l1 == null) {
            if (!create) return null;
            l1 = l2[i2] = new long[FANOUT];
        }
        return l1;
    }

    /** Frees the leaf holding {@code vpn} and its parents if they became empty. */
    private void freeIfEmpty(long vpn) {
        int i4 = (int) (vpn >>> 27);
        int i3 = (int) (vpn >>> 18) & MASK;
        int i2 = (int) (vpn >>> 9) & MASK;
        long[][][] l3 = root[i4];
        long[][] l2 = l3[i3];
        if (!allZero(l2[i2])) return;
        l2[i2] = null;
        if (!allNull(l2)) return;
        l3[i3] = null;
        if (!allNull(l3)) return;
        root[i4] = null;
    }

    private static boolean allZero(long[] a) {
        for (long x : a) if (x != 0) return false;
        return true;
    }

    private static boolean allNull(Object[] a) {
        for (Object x : a) if (x != null) return false;
        return true;
    }
}
