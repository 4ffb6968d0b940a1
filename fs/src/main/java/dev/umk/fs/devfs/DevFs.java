package dev.umk.fs.devfs;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Stat;
import dev.umk.core.kernel.Credentials;
import dev.umk.fs.FsClock;
import dev.umk.fs.FsContext;
import dev.umk.fs.Inode;
import dev.umk.fs.Mount;
import dev.umk.fs.MountFlags;
import dev.umk.fs.NewInode;
import dev.umk.fs.Vfs;
import dev.umk.fs.page.PageAllocator;
import dev.umk.fs.tmpfs.TmpfsSuperBlock;
import dev.umk.fs.tmpfs.TmpfsType;
import java.security.SecureRandom;

/**
 * umk's /dev, as Linux's devtmpfs: a tmpfs holding device nodes (null, zero, full, random,
 * urandom), the fd/stdin/stdout/stderr symlinks into /proc/self/fd, and the shm and pts
 * directories. {@link #mount} also puts a tmpfs on /dev/shm. More nodes (tty, console,
 * ptmx...) are added with {@link #addNode} once their drivers are in the
 * {@link DeviceRegistry}.
 */
public final class DevFs {
    private final TmpfsSuperBlock sb;
    private final FsClock clock;
    private final PageAllocator pages;
    private final long memoryBytes;

    public DevFs(FsClock clock, PageAllocator pages, long memoryBytes, DeviceRegistry devices, SecureRandom rng) {
        this.clock = clock;
        this.pages = pages;
        this.memoryBytes = memoryBytes;
        MemDevices.register(devices, rng);
        sb = new TmpfsSuperBlock(clock, pages, 1 << 20, 1 << 16, new NewInode(S_IFDIR | 0755, 0, 0), "devtmpfs");
        Inode root = sb.root().inode();
        addNode("null", 0666, MemDevices.MEM_MAJOR, MemDevices.NULL);
        addNode("zero", 0666, MemDevices.MEM_MAJOR, MemDevices.ZERO);
        addNode("full", 0666, MemDevices.MEM_MAJOR, MemDevices.FULL);
        addNode("random", 0666, MemDevices.MEM_MAJOR, MemDevices.RANDOM);
        addNode("urandom", 0666, MemDevices.MEM_MAJOR, MemDevices.URANDOM);
        root.symlink("fd", "/proc/self/fd", new NewInode(S_IFLNK | 0777, 0, 0));
        root.symlink("stdin", "/proc/self/fd/0", new NewInode(S_IFLNK | 0777, 0, 0));
        root.symlink("stdout", "/proc/self/fd/1", new NewInode(S_IFLNK | 0777, 0, 0));
        root.symlink("stderr", "/proc/self/fd/2", new NewInode(S_IFLNK | 0777, 0, 0));
        root.mkdir("shm", new NewInode(S_IFDIR | 01777, 0, 0));
        root.mkdir("pts", new NewInode(S_IFDIR | 0755, 0, 0));
    }

    public TmpfsSuperBlock superBlock() {
        return sb;
    }

    /** Adds a character device node {@code /dev/name} (call before or after mounting). */
    public void addNode(String name, int perm, int major, int minor) {
        sb.root().inode().mknod(name, new NewInode(S_IFCHR | (perm & 07777), 0, 0, Stat.makedev(major, minor)));
    }

    /**
     * Mounts this devfs at {@code path} (nosuid, noexec as Linux's /dev is) and a fresh
     * tmpfs on its shm directory.
     */
    public Mount mount(Vfs vfs, FsContext fs, String path) {
        Credentials root = Credentials.root();
        Mount m = vfs.mountAt(fs, root, null, path, sb, MountFlags.MS_NOSUID | MountFlags.MS_NOEXEC);
        TmpfsSuperBlock shm = TmpfsType.create(clock, pages, memoryBytes, 01777);
        vfs.mountAt(fs, root, null, path + "/shm", shm, MountFlags.MS_NOSUID | MountFlags.MS_NODEV);
        return m;
    }
}
