package dev.umk.fs;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The mount tree (Linux {@code struct mnt_namespace}): which mount covers which
 * (mount, dentry) place. A path walk that reaches a covered place continues at the top
 * mount's root; mounting on a place that is already covered stacks on the top mount,
 * because the walk that found the place already crossed into it.
 *
 * <p>Mounts change rarely and are looked up on every path component that is a mountpoint,
 * so changes take {@code lock} and lookups read a map replaced under it (copy on write).
 * Every change counts an event and wakes {@link #pollQueue()} (after {@code lock} is
 * released), which is how /proc/PID/mounts polls POLLPRI, as Linux's ns->event.
 */
public final class MountNamespace {
    private record Place(Mount mount, Dentry dentry) {}

    private final Object lock = new Object();
    private final Mount root;
    // Copy-on-write under lock.
    private volatile Map<Place, Mount> covering = Map.of();
    // Guarded by lock: attach order, for /proc/mounts.
    private final LinkedHashSet<Mount> all = new LinkedHashSet<>();
    /** Changes so far (attach, umount, move). */
    private volatile long event;
    private final WaitQueue poll = new WaitQueue();

    public MountNamespace(Mount root) {
        this.root = root;
        all.add(root);
    }

    public Mount root() { return root; }

    public VfsPath rootPath() { return root.rootPath(); }

    /** The mount attached exactly at (mount, dentry), or null. */
    public Mount mountAt(Mount mount, Dentry dentry) {
        if (!dentry.isMountpoint()) return null;
        return covering.get(new Place(mount, dentry));
    }

    /** Crosses every mount stacked on {@code p} (follow_down). */
    public VfsPath followDown(VfsPath p) {
        Mount m;
        while ((m = mountAt(p.mount(), p.dentry())) != null) p = m.rootPath();
        return p;
    }

    /** Attaches {@code m} at {@code at}, which must not already be covered. */
    public void attach(Mount m, VfsPath at) {
        synchronized (lock) {
            Place place = new Place(at.mount(), at.dentry());
            if (covering.containsKey(place)) throw new ErrnoException(Errno.EBUSY);
            Map<Place, Mount> next = new HashMap<>(covering);
            next.put(place, m);
            m.attachTo(at.mount(), at.dentry());
            at.dentry().mounted(1);
            covering = next;
            all.add(m);
            event++;
        }
        changed();
    }

    /**
     * Removes {@code m}. Without MNT_DETACH it must have no mounts on it and no users
     * ({@code expectedPins} are the caller's own pins); with it, the whole subtree goes.
     */
    public void umount(Mount m, boolean detach, int expectedPins) {
        synchronized (lock) {
            if (m == root || m.parent() == null) throw new ErrnoException(Errno.EINVAL);
            List<Mount> subtree = subtree(m);
            if (!detach && (subtree.size() > 1 || m.pins() > expectedPins)) {
                throw new ErrnoException(Errno.EBUSY);
            }
            Map<Place, Mount> next = new HashMap<>(covering);
            for (int i = subtree.size() - 1; i >= 0; i--) {
                Mount s = subtree.get(i);
                next.remove(new Place(s.parent(), s.mountpoint()));
                s.mountpoint().mounted(-1);
                s.detach();
                all.remove(s);
            }
            covering = next;
            event++;
        }
        changed();
    }

    /** Moves a mounted tree to another place (MS_MOVE). */
    public void move(Mount m, VfsPath to) {
        synchronized (lock) {
            if (m == root || m.parent() == null) throw new ErrnoException(Errno.EINVAL);
            for (Mount p = to.mount(); p != null; p = p.parent()) {
                if (p == m) throw new ErrnoException(Errno.ELOOP);
            }
            Place place = new Place(to.mount(), to.dentry());
            if (covering.containsKey(place)) throw new ErrnoException(Errno.EBUSY);
            Map<Place, Mount> next = new HashMap<>(covering);
            next.remove(new Place(m.parent(), m.mountpoint()));
            m.mountpoint().mounted(-1);
            next.put(place, m);
            m.attachTo(to.mount(), to.dentry());
            to.dentry().mounted(1);
            covering = next;
            event++;
        }
        changed();
    }

    /** How many times the tree has changed; a reader compares it with the value it last saw. */
    public long event() {
        return event;
    }

    /** Woken after every change of the tree. */
    public WaitQueue pollQueue() {
        return poll;
    }

    private void changed() {
        poll.wake(PollEvents.POLLPRI | PollEvents.POLLERR);
    }

    /** {@code m} and every mount below it, parents before children. */
    public List<Mount> subtree(Mount m) {
        synchronized (lock) {
            List<Mount> out = new ArrayList<>();
            out.add(m);
            for (int i = 0; i < out.size(); i++) {
                Mount p = out.get(i);
                for (Mount c : all) if (c.parent() == p) out.add(c);
            }
            return out;
        }
    }

    /** Every mount, in the order they were attached (for /proc/mounts). */
    public List<Mount> mounts() {
        synchronized (lock) {
            return new ArrayList<>(all);
        }
    }

    /** True when {@code p} is inside the tree (its mount is attached up to the root). */
    public boolean isAttached(Mount m) {
        for (Mount x = m; x != null; x = x.parent()) if (x == root) return true;
        return false;
    }

    @Override
    public String toString() {
        return "MountNamespace(" + Objects.toString(root) + ", " + all.size() + " mounts)";
    }
}
