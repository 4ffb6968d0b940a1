package dev.umk.fs.epoll;

import static dev.umk.fs.PollEvents.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.FileOperations;
import dev.umk.fs.OpenFile;
import dev.umk.fs.WaitQueue;
import dev.umk.fs.Waiter;
import dev.umk.fs.anon.AnonInodes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * An epoll instance (Linux's {@code struct eventpoll}, fs/eventpoll.c): the interest list
 * of (file, fd) items and the ready list. Each item hangs a callback on its file's wait
 * queue; a wake-up whose events the item wants puts it on the ready list and wakes
 * epoll_wait sleepers and pollers of the epoll file itself, so epoll of epoll works.
 * epoll_wait re-polls each ready item: level-triggered items go back on the list while
 * ready, edge-triggered ones wait for the next wake-up, EPOLLONESHOT ones are disabled
 * until EPOLL_CTL_MOD. An item goes away with EPOLL_CTL_DEL, when the epoll file is
 * released, or once its file's last reference is gone (noticed lazily: a dead file never
 * reports).
 *
 * <p>Lock ordering: {@code LOOP_CHECK} (ADD of an epoll file only), then this instance's
 * monitor. Files are never polled with the monitor held: notifiers call {@link Item#wake}
 * with their own locks held and it takes the monitor, so the monitor comes after every
 * file lock.
 */
public final class EventPoll implements FileOperations {
    public static final int EPOLL_CTL_ADD = 1, EPOLL_CTL_DEL = 2, EPOLL_CTL_MOD = 3;
    public static final int EPOLLEXCLUSIVE = 1 << 28, EPOLLWAKEUP = 1 << 29, EPOLLONESHOT = 1 << 30,
            EPOLLET = 1 << 31;
    /** epoll_create1's only flag. */
    public static final int EPOLL_CLOEXEC = 02000000;
    /** How deep epoll files may nest. */
    public static final int EP_MAX_NESTS = 4;
    /** The most events one epoll_wait may ask for (INT_MAX / sizeof(struct epoll_event)). */
    public static final int EP_MAX_EVENTS = Integer.MAX_VALUE / 12;
    static final int EP_PRIVATE_BITS = EPOLLWAKEUP | EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE;
    private static final int EXCLUSIVE_OK_BITS = POLLIN | POLLOUT | POLLERR | POLLHUP | EPOLLWAKEUP | EPOLLET
            | EPOLLEXCLUSIVE;
    private static final int CAP_BLOCK_SUSPEND = 36;
    /** Serialises adding epoll files into epoll files, so two adds cannot close a loop together. */
    private static final Object LOOP_CHECK = new Object();

    /** Where epoll_wait puts each event; false when the guest buffer is bad (EFAULT). */
    @FunctionalInterface
    public interface EventSink {
        boolean put(int events, long data);
    }

    private record Key(OpenFile file, int fd) {}

    /** One watched (file, fd) (Linux's epitem). Fields other than the finals are guarded by the instance. */
    private final class Item implements Waiter {
        final OpenFile file;
        final int fd;
        int events;
        long data;
        boolean queued;
        WaitQueue.Entry entry;

        Item(OpenFile file, int fd) {
            this.file = file;
            this.fd = fd;
        }

        /** ep_poll_callback: runs on the notifier's thread, with its locks held. */
        @Override
        public void wake(int hint) {
            if (!enqueue(this, hint)) return;
            queue.wake(POLLIN | POLLRDNORM);
        }

        /**
         * ep_poll_callback for an EPOLLEXCLUSIVE item: it counts as a wake-up (ending the
         * file's exclusive wake-ups) only if an epoll_wait sleeps on this instance and the
         * event is one the item asked for.
         */
        @Override
        public boolean wakeExclusive(int hint) {
            if (!enqueue(this, hint)) return false;
            boolean sleepers = !queue.isEmpty();
            queue.wake(POLLIN | POLLRDNORM);
            if (!sleepers) return false;
            int io = hint & (POLLIN | POLLOUT);
            int want;
            synchronized (EventPoll.this) {
                want = events;
            }
            return io == 0 || (io == POLLIN && (want & POLLIN) != 0) || (io == POLLOUT && (want & POLLOUT) != 0);
        }
    }

    /** Woken when the ready list gains an item: epoll_wait sleepers and pollers of this file. */
    private final WaitQueue queue = new WaitQueue();
    // Guarded by this.
    private final Map<Key, Item> items = new HashMap<>();
    private final ArrayDeque<Item> ready = new ArrayDeque<>();
    /** Items of other instances that watch this one: for the nesting-depth check. */
    private final Map<Object, EventPoll> watchers = new ConcurrentHashMap<>();

    private EventPoll() {}

    /** epoll_create1: a new epoll file with one reference for the caller. EINVAL for unknown flags. */
    public static OpenFile create(AnonInodes anon, Credentials cred, int flags) {
        if ((flags & ~EPOLL_CLOEXEC) != 0) throw new ErrnoException(Errno.EINVAL);
        return anon.open("[eventpoll]", new EventPoll(), dev.umk.core.abi.FileFlags.O_RDWR, cred);
    }

    /** The instance behind an epoll file; EINVAL for any other file. */
    public static EventPoll of(OpenFile f) {
        if (f.ops() instanceof EventPoll ep) return ep;
        throw new ErrnoException(Errno.EINVAL);
    }

    /**
     * Whether epoll can watch {@code f} (Linux's file_can_poll): files whose readiness can
     * change (they have a wait queue) and streams. Regular files, directories and the like
     * are always ready, and epoll refuses them with EPERM.
     */
    public static boolean canPoll(OpenFile f) {
        return f.waitQueue() != FileOperations.NO_WAKEUPS || f.ops().stream();
    }

    /**
     * epoll_ctl(2) after the fds are looked up: {@code epFile} must be an epoll file and
     * {@code target} the file at {@code fd}. Checks in Linux's order: EPERM for a file epoll
     * cannot watch, EINVAL for a non-epoll {@code epFile} or watching itself, EINVAL for
     * misused EPOLLEXCLUSIVE, ELOOP for loops or nesting deeper than {@link #EP_MAX_NESTS},
     * then EEXIST / ENOENT / EINVAL per op.
     */
    public static void ctl(OpenFile epFile, int op, int fd, OpenFile target, int events, long data,
            Credentials cred) {
        if (!canPoll(target)) throw new ErrnoException(Errno.EPERM);
        boolean hasEvent = op != EPOLL_CTL_DEL;
        if (hasEvent && (events & EPOLLWAKEUP) != 0 && !cred.capable(CAP_BLOCK_SUSPEND)) events &= ~EPOLLWAKEUP;
        if (epFile == target || !(epFile.ops() instanceof EventPoll ep)) throw new ErrnoException(Errno.EINVAL);
        if (hasEvent && (events & EPOLLEXCLUSIVE) != 0) {
            if (op == EPOLL_CTL_MOD) throw new ErrnoException(Errno.EINVAL);
            if (op == EPOLL_CTL_ADD && (target.ops() instanceof EventPoll || (events & ~EXCLUSIVE_OK_BITS) != 0)) {
                throw new ErrnoException(Errno.EINVAL);
            }
        }
        if (op == EPOLL_CTL_ADD && target.ops() instanceof EventPoll inner) {
            synchronized (LOOP_CHECK) {
                if (ep.wouldLoop(inner)) throw new ErrnoException(Errno.ELOOP);
                ep.insert(target, fd, events, data);
            }
            return;
        }
        switch (op) {
            case EPOLL_CTL_ADD -> ep.insert(target, fd, events, data);
            case EPOLL_CTL_DEL -> ep.remove(target, fd);
            case EPOLL_CTL_MOD -> ep.modify(target, fd, events, data);
            default -> throw new ErrnoException(Errno.EINVAL);
        }
    }

    private void insert(OpenFile target, int fd, int events, long data) {
        Item it = new Item(target, fd);
        synchronized (this) {
            Key k = new Key(target, fd);
            Item old = items.get(k);
            if (old != null && !dead(old)) throw new ErrnoException(Errno.EEXIST);
            if (old != null) unlink(old);
            it.events = events | POLLERR | POLLHUP;
            it.data = data;
            items.put(k, it);
            it.entry = (events & EPOLLEXCLUSIVE) != 0 ? target.waitQueue().addExclusive(it, 0)
                    : target.waitQueue().add(it, 0);
        }
        if (target.ops() instanceof EventPoll inner) inner.watchers.put(it, this);
        pollAndQueue(it);
    }

    private void remove(OpenFile target, int fd) {
        synchronized (this) {
            Item it = items.get(new Key(target, fd));
            if (it == null) throw new ErrnoException(Errno.ENOENT);
            unlink(it);
        }
    }

    private void modify(OpenFile target, int fd, int events, long data) {
        Item it;
        synchronized (this) {
            it = items.get(new Key(target, fd));
            if (it == null) throw new ErrnoException(Errno.ENOENT);
            if ((it.events & EPOLLEXCLUSIVE) != 0) throw new ErrnoException(Errno.EINVAL);
            it.events = events | POLLERR | POLLHUP;
            it.data = data;
        }
        pollAndQueue(it);
    }

    /** After ADD or MOD: an item already ready goes on the ready list now (ep_insert/ep_modify). */
    private void pollAndQueue(Item it) {
        int want;
        synchronized (this) {
            want = it.events & ~EP_PRIVATE_BITS;
        }
        if ((it.file.poll() & want) != 0 && enqueue(it, 0)) queue.wake(POLLIN | POLLRDNORM);
    }

    /** Puts {@code it} on the ready list if it wants {@code hint} (0: any); true if waiters should hear of it. */
    private synchronized boolean enqueue(Item it, int hint) {
        if (it.entry == null) return false;
        int want = it.events & ~EP_PRIVATE_BITS;
        if (want == 0 || (hint != 0 && (hint & want) == 0)) return false;
        if (!it.queued) {
            it.queued = true;
            ready.addLast(it);
        }
        return true;
    }

    /** Drops an item from every list. Holds the monitor. */
    private void unlink(Item it) {
        items.remove(new Key(it.file, it.fd));
        if (it.queued) {
            ready.remove(it);
            it.queued = false;
        }
        if (it.entry != null) {
            it.file.waitQueue().remove(it.entry);
            it.entry = null;
        }
        if (it.file.ops() instanceof EventPoll inner) inner.watchers.remove(it);
    }

    /** A file whose last reference went: Linux removes its items in eventpoll_release. */
    private static boolean dead(Item it) {
        return it.file.refCount() <= 0;
    }

    // ---- loops and nesting (ep_loop_check)

    /** Whether adding {@code inner} here closes a loop or nests epoll files too deeply. */
    private boolean wouldLoop(EventPoll inner) {
        int down = depthBelow(inner, 0);
        if (down > EP_MAX_NESTS) return true;
        return down + 1 + depthAbove(this, 0) > EP_MAX_NESTS;
    }

    /** How many epoll levels lie below {@code ep}; more than EP_MAX_NESTS when it reaches this instance. */
    private int depthBelow(EventPoll ep, int depth) {
        int result = 0;
        for (EventPoll child : ep.epollChildren()) {
            if (child == this || depth > EP_MAX_NESTS) return EP_MAX_NESTS + 1;
            result = Math.max(result, depthBelow(child, depth + 1) + 1);
            if (result > EP_MAX_NESTS) return result;
        }
        return result;
    }

    /** How many epoll levels watch {@code ep} from above. */
    private static int depthAbove(EventPoll ep, int depth) {
        if (depth > EP_MAX_NESTS) return depth;
        int result = 0;
        for (EventPoll parent : ep.watchers.values()) result = Math.max(result, depthAbove(parent, depth + 1) + 1);
        return result;
    }

    private synchronized List<EventPoll> epollChildren() {
        List<EventPoll> out = new ArrayList<>();
        for (Item it : items.values()) {
            if (!dead(it) && it.file.ops() instanceof EventPoll child) out.add(child);
        }
        return out;
    }

    // ---- epoll_wait

    /**
     * epoll_wait: hands up to {@code maxEvents} ready events to {@code sink}, sleeping while
     * there are none until the deadline ({@link System#nanoTime}; Long.MAX_VALUE: forever;
     * already past: no sleep).
     *
     * @return the number of events delivered (0 on timeout)
     * @throws ErrnoException EINTR when a signal ends the wait; EFAULT when the sink refuses
     *     the first event
     */
    public int wait(int maxEvents, long deadline, BooleanSupplier signalPending, EventSink sink) {
        boolean timedOut = deadline != Long.MAX_VALUE && deadline - System.nanoTime() <= 0;
        boolean interrupted = false;
        try (PollWait pw = new PollWait(signalPending)) {
            pw.watch(queue);
            for (;;) {
                pw.rearm();
                int n = sendEvents(maxEvents, sink);
                if (n > 0 || timedOut) return n;
                if (interrupted || pw.interrupted()) throw new ErrnoException(Errno.EINTR);
                switch (pw.sleep(deadline)) {
                    case TIMED_OUT -> timedOut = true;
                    case INTERRUPTED -> interrupted = true;
                    case WOKEN -> { }
                }
            }
        }
    }

    /** ep_send_events: re-polls the ready items, reports the ready ones, requeues per LT/ET/ONESHOT. */
    private int sendEvents(int maxEvents, EventSink sink) {
        List<Item> batch;
        synchronized (this) {
            batch = new ArrayList<>(ready);
            ready.clear();
            for (Item it : batch) it.queued = false;
        }
        List<Item> levelTriggered = new ArrayList<>();
        int n = 0;
        int i = 0;
        for (; i < batch.size() && n < maxEvents; i++) {
            Item it = batch.get(i);
            int events;
            long data;
            synchronized (this) {
                if (it.entry == null) continue;
                if (dead(it)) {
                    unlink(it);
                    continue;
                }
                events = it.events;
                data = it.data;
            }
            int revents = it.file.poll() & events & ~EP_PRIVATE_BITS;
            if (revents == 0) continue;
            if (!sink.put(revents, data)) {
                if (n == 0) {
                    requeue(batch.subList(i, batch.size()), levelTriggered);
                    throw new ErrnoException(Errno.EFAULT);
                }
                break;
            }
            n++;
            synchronized (this) {
                if ((it.events & EPOLLONESHOT) != 0) it.events &= EP_PRIVATE_BITS;
                else if ((it.events & EPOLLET) == 0) levelTriggered.add(it);
            }
        }
        requeue(batch.subList(i, batch.size()), levelTriggered);
        return n;
    }

    /** Unvisited items go back to the head (in order), level-triggered ones to the tail. */
    private synchronized void requeue(List<Item> unvisited, List<Item> levelTriggered) {
        for (int j = unvisited.size() - 1; j >= 0; j--) {
            Item it = unvisited.get(j);
            if (!it.queued && it.entry != null) {
                it.queued = true;
                ready.addFirst(it);
            }
        }
        for (Item it : levelTriggered) {
            if (!it.queued && it.entry != null) {
                it.queued = true;
                ready.addLast(it);
            }
        }
    }

    // ---- the epoll file

    /** Readable when some item on the ready list is really ready (ep_eventpoll_poll). */
    @Override
    public int poll(OpenFile f) {
        List<Item> snapshot;
        synchronized (this) {
            snapshot = new ArrayList<>(ready);
        }
        for (Item it : snapshot) {
            int want;
            synchronized (this) {
                if (it.entry == null || dead(it)) continue;
                want = it.events & ~EP_PRIVATE_BITS;
            }
            if ((it.file.poll() & want) != 0) return POLLIN | POLLRDNORM;
        }
        return 0;
    }

    @Override
    public WaitQueue waitQueue(OpenFile f) {
        return queue;
    }

    /** The epoll file's last reference is gone: every item lets go of its file. */
    @Override
    public void release(OpenFile f) {
        synchronized (this) {
            for (Item it : new ArrayList<>(items.values())) unlink(it);
        }
    }

    /** Items watched, dead ones excluded (for tests and /proc fdinfo). */
    public synchronized int size() {
        int n = 0;
        for (Item it : items.values()) if (!dead(it)) n++;
        return n;
    }
}
