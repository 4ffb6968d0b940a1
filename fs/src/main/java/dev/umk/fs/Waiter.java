package dev.umk.fs;

/**
 * Something to tell when an object's readiness may have changed: a blocked task, a poll
 * or epoll instance. {@link #wake} runs on the notifier's thread with the notifier's locks
 * possibly held, so it must only record the event and unpark, never block or call back.
 */
@FunctionalInterface
public interface Waiter {
    /** @param events the poll bits that may now be set (a hint; waiters re-check) */
    void wake(int events);

    /**
     * The wake-up of an exclusive registration ({@link WaitQueue#addExclusive}): true if it
     * woke someone, which ends the wake-up for the other exclusive waiters.
     */
    default boolean wakeExclusive(int events) {
        wake(events);
        return true;
    }
}
