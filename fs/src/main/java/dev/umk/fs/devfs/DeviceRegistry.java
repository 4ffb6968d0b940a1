package dev.umk.fs.devfs;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Stat;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.FileOperations;
import dev.umk.fs.OpenFile;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kernel's character devices by (major, minor), as Linux's cdev map: opening a device
 * node on any filesystem looks its rdev up here. A driver may claim a single minor or a
 * whole major (then it sees the minor through the node's rdev). Opening an unclaimed
 * number fails with ENXIO, as on Linux.
 */
public final class DeviceRegistry {
    private final Map<Long, CharDevice> minors = new ConcurrentHashMap<>();
    private final Map<Integer, CharDevice> majors = new ConcurrentHashMap<>();

    /** Claims one device number; EBUSY when taken. */
    public void register(int major, int minor, CharDevice dev) {
        if (minors.putIfAbsent(Stat.makedev(major, minor), dev) != null) throw new ErrnoException(Errno.EBUSY);
    }

    /** Claims every minor of {@code major} not claimed individually. */
    public void registerMajor(int major, CharDevice dev) {
        if (majors.putIfAbsent(major, dev) != null) throw new ErrnoException(Errno.EBUSY);
    }

    public void unregister(int major, int minor) {
        minors.remove(Stat.makedev(major, minor));
    }

    public boolean has(long rdev) {
        return minors.containsKey(rdev) || majors.containsKey(Stat.major(rdev));
    }

    /** chrdev_open: the driver's operations for {@code file}'s node. */
    public FileOperations openChar(long rdev, OpenFile file) {
        CharDevice d = minors.get(rdev);
        if (d == null) d = majors.get(Stat.major(rdev));
        if (d == null) throw new ErrnoException(Errno.ENXIO);
        return d.open(file);
    }
}
