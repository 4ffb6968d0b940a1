package dev.umk.fs;

import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The waiters interested in one object's readiness (Linux {@code wait_queue_head}). Objects
 * call {@link #wake} after a change; waiters register before re-checking the condition, so
 * a change between check and sleep is never lost. Registration is rare next to waking, so
 * the list is copy-on-write and {@link #wake} takes no lock.
 */
public final class WaitQueue {
    /** One registration; remove it with {@link WaitQueue#remove}. */
    public static final class Entry {
        final Waiter waiter;
        final int mask;
        final boolean exclusive;

        Entry(Waiter waiter, int mask, boolean exclusive) {
            this.waiter = waiter;
            this.mask = mask;
            this.exclusive = exclusive;
        }
    }

    private final CopyOnWriteArrayList<Entry> entries = new CopyOnWriteArrayList<>();

    /** Registers {@code waiter} for {@code mask} events (0 means all events). */
    public Entry add(Waiter waiter, int mask) {
        Entry e = new Entry(waiter, mask, false);
        entries.add(e);
        return e;
    }

    /**
     * Registers an exclusive waiter (add_wait_queue_exclusive, EPOLLEXCLUSIVE): a wake-up
     * tells every ordinary waiter but exclusive ones only until one of them woke someone.
     */
    public Entry addExclusive(Waiter waiter, int mask) {
        Entry e = new Entry(waiter, mask, true);
        entries.add(e);
        return e;
    }

    public void remove(Entry e) {
        entries.remove(e);
    }

    /** Tells every waiter whose mask intersects {@code events}. */
    public void wake(int events) {
        boolean exclusives = false;
        for (Entry e : entries) {
            if (e.exclusive) exclusives = true;
            else if (e.mask == 0 || (e.mask & events) != 0) e.waiter.wake(events);
        }
        if (!exclusives) return;
        // Linux queues exclusive waiters behind the others: they come last, one at most woken.
        for (Entry e : entries) {
            if (e.exclusive && (e.mask == 0 || (e.mask & events) != 0) && e.waiter.wakeExclusive(events)) return;
        }
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }
}
