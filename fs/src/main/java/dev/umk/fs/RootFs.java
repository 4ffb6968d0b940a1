package dev.umk.fs;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.devfs.DevFs;
import dev.umk.core.hw.host.HostFiles;
import dev.umk.fs.hostfs.HostFsSuperBlock;
import dev.umk.fs.overlay.OverlaySuperBlock;
import dev.umk.fs.page.PageAllocator;
import dev.umk.fs.tmpfs.TmpfsSuperBlock;
import dev.umk.fs.tmpfs.TmpfsType;
import java.security.SecureRandom;

/**
 * Builds umk's default guest root, as `runsc do` does: an overlay of a tmpfs upper over
 * the host's "/" through read-only hostfs, umk's /dev on it, and the tmpfs type
 * registered for mount(2). procfs and sysfs are mounted by the caller with
 * {@link #mountAt} once they exist.
 */
public final class RootFs {
    private final Vfs vfs;
    private final FsContext init;
    private final DevFs dev;

    private RootFs(Vfs vfs, FsContext init, DevFs dev) {
        this.vfs = vfs;
        this.init = init;
        this.dev = dev;
    }

    /**
     * @param hostRoot host directory shown as "/" (normally "/")
     * @param memoryBytes the guest memory size tmpfs sizes are relative to
     * @param revalidateNanos how long a host lookup is trusted before an lstat re-checks it
     */
    public static RootFs overlayOnHost(HostFiles host, String hostRoot, FsClock clock, PageAllocator pages,
                                       long memoryBytes, long revalidateNanos) {
        HostFsSuperBlock lower = new HostFsSuperBlock(clock, host, hostRoot, true, revalidateNanos);
        TmpfsSuperBlock upper = TmpfsType.create(clock, pages, memoryBytes, 0755);
        Vfs vfs = new Vfs(new OverlaySuperBlock(clock, upper, lower), clock);
        vfs.registerFileSystem(new TmpfsType(clock, pages, memoryBytes));
        FsContext init = vfs.newContext(022);
        DevFs dev = new DevFs(clock, pages, memoryBytes, vfs.devices(), new SecureRandom());
        ensureDir(vfs, init, "/dev", 0755);
        dev.mount(vfs, init, "/dev");
        return new RootFs(vfs, init, dev);
    }

    public Vfs vfs() { return vfs; }

    /** The context for the first process: root and cwd at "/", umask 022. */
    public FsContext initContext() { return init; }

    public DevFs dev() { return dev; }

    /** Mounts a kernel-made filesystem at {@code path}, creating the directory (in the upper) when missing. */
    public Mount mountAt(String path, SuperBlock sb, long flags) {
        ensureDir(vfs, init, path, 0555);
        return vfs.mountAt(init, Credentials.root(), null, path, sb, flags);
    }

    private static void ensureDir(Vfs vfs, FsContext fs, String path, int mode) {
        try {
            vfs.mkdir(fs, Credentials.root(), null, path, mode);
        } catch (ErrnoException e) {
            if (e.errno() != Errno.EEXIST) throw e;
            if (!isDir(vfs.stat(fs, Credentials.root(), null, path, 0).mode)) throw new ErrnoException(Errno.ENOTDIR);
        }
    }
}
