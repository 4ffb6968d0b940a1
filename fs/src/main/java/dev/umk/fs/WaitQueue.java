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

        Entry(Waiter waiter, int mask) {
            this.waiter = waiter;
            this.mask = mask;
        }
    }

    private final CopyOnWriteArrayList<Entry> entries = new CopyOnWriteArrayList<>();

    /** Registers {@code waiter} for {@code mask} events (0 means all events). */
    public Entry add(Waiter waiter, int mask) {
        Entry e = new Entry(waiter, mask);
        entries.add(e);
        return e;
    }

    public void remove(Entry e) {
        entries.remove(e);
    }

    /** Tells every waiter whose mask intersects {@code events}. */
    public void wake(int events) {
        for (Entry e : entries) {
            if (e.mask == 0 || (e.mask & events) != 0) e.waiter.wake(events);
        }
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }
}
