package dev.umk.sched;

import dev.umk.mm.AddressSpace;

/**
 * The robust futex list a thread registered with set_robust_list(2), walked when the thread
 * exits (kernel/futex/core.c exit_robust_list): every futex still owned by the dead thread
 * gets FUTEX_OWNER_DIED and one waiter is woken, so a robust mutex's next locker sees
 * EOWNERDEAD instead of hanging.
 */
final class RobustList {
    private static final int FUTEX_WAITERS = 0x80000000, FUTEX_OWNER_DIED = 0x40000000, FUTEX_TID_MASK = 0x3fffffff;
    /** ROBUST_LIST_LIMIT: a bound on corrupt or circular lists. */
    private static final int LIMIT = 2048;

    private RobustList() {}

    /** Walks {@code head} (struct robust_list_head: next, futex_offset, list_op_pending). */
    static void release(Kernel k, AddressSpace mm, long head, int tid) {
        if (head == 0 || mm == null) return;
        try {
            long entry = mm.readLong(head);
            long offset = mm.readLong(head + 8);
            long pending = mm.readLong(head + 16);
            for (int n = 0; entry != head && entry != 0 && n < LIMIT; n++) {
                long next = mm.readLong(entry);
                if (entry != pending) handle(k, mm, (entry & ~1L) + offset, tid);
                entry = next;
            }
            if (pending != 0) handle(k, mm, (pending & ~1L) + offset, tid);
        } catch (RuntimeException bad) {
            // A list the thread corrupted is abandoned, as Linux does.
        }
    }

    private static void handle(Kernel k, AddressSpace mm, long uaddr, int tid) {
        int word = mm.readInt(uaddr);
        if ((word & FUTEX_TID_MASK) != tid) return;
        mm.writeInt(uaddr, (word & FUTEX_WAITERS) | FUTEX_OWNER_DIED);
        if ((word & FUTEX_WAITERS) != 0) k.futexes().wake(mm, uaddr, true, 1, Futexes.BITSET_ANY);
    }
}
