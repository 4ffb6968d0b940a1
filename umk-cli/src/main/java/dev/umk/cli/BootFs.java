package dev.umk.cli;

import dev.umk.core.abi.Errno;
import dev.umk.core.hw.Console;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.FdTable;
import dev.umk.fs.FsClock;
import dev.umk.fs.FsContext;
import dev.umk.fs.MountFlags;
import dev.umk.fs.Names;
import dev.umk.fs.SuperBlock;
import dev.umk.fs.Vfs;
import dev.umk.fs.devfs.DevFs;
import dev.umk.fs.hostfs.HostFsSuperBlock;
import dev.umk.fs.page.FramePageAllocator;
import dev.umk.fs.page.FrameSource;
import dev.umk.fs.page.PageAllocator;
import dev.umk.fs.stdio.HostStreams;
import dev.umk.fs.tmpfs.TmpfsType;
import dev.umk.hostdrv.NioHostFiles;
import dev.umk.core.hw.PhysicalMemory;
import dev.umk.mm.FrameAllocator;
import dev.umk.sched.Kernel;
import dev.umk.syscalls.KernelFiles;
import java.io.File;
import java.security.SecureRandom;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guest's filesystem at boot: the root (the host's "/" or {@code --root DIR} through
 * hostfs, read-only, so guest writes never reach the host), umk's own /dev, a tmpfs on
 * /tmp, the {@code --volume} mounts, init's cwd (the caller's, when the guest has it) with
 * umask 022, and init's fds 0-2 on the host's standard streams.
 *
 * <p>Not yet: the root is to become an overlay (tmpfs upper over the read-only hostfs) once
 * fs has one, which makes the whole tree writable in memory; /proc and /sys are mounted by
 * {@link #mountKernelFileSystems} once their types are registered.
 */
final class BootFs {
    private static final Logger LOG = LoggerFactory.getLogger(BootFs.class);
    /** How long a hostfs dentry is trusted before it is checked against the host again. */
    private static final long HOST_REVALIDATE_NANOS = 1_000_000_000L;

    /** What boot hands to init: the tree, init's context and fd table, the kernel-wide file state. */
    record Result(Vfs vfs, FsContext initFs, FdTable initFiles, KernelFiles files) {}

    private BootFs() {}

    static Result build(Kernel kernel, long memoryBytes, String rootDir, List<Volume> volumes, String cwd,
                        Credentials cred, Console console, SecureRandom rng) {
        FsClock clock = FsClock.SYSTEM;
        PageAllocator pages = new FramePageAllocator(frameSource(kernel.frames()));
        NioHostFiles host = new NioHostFiles();
        SuperBlock root = new HostFsSuperBlock(clock, host, Names.fromUnicode(rootDir), true, HOST_REVALIDATE_NANOS);
        Vfs vfs = new Vfs(root, clock);
        vfs.registerFileSystem(new TmpfsType(clock, pages, memoryBytes));
        registerKernelFileSystems(vfs, kernel);
        FsContext ctx = vfs.newContext(022);
        Credentials boot = Credentials.root();
        if (exists(vfs, ctx, "/dev")) {
            new DevFs(clock, pages, memoryBytes, vfs.devices(), rng).mount(vfs, ctx, "/dev");
        }
        mountKernelFileSystems(vfs, ctx, clock, pages);
        if (exists(vfs, ctx, "/tmp")) {
            vfs.mountAt(ctx, boot, null, "/tmp", TmpfsType.create(clock, pages, memoryBytes, 01777), MountFlags.MS_NOSUID | MountFlags.MS_NODEV);
        }
        for (Volume v : volumes) {
            SuperBlock sb = new HostFsSuperBlock(clock, host, Names.fromUnicode(new File(v.hostPath()).getAbsolutePath()),
                    v.readOnly(), HOST_REVALIDATE_NANOS);
            vfs.mountAt(ctx, boot, null, Names.fromUnicode(v.guestPath()), sb, v.readOnly() ? MountFlags.MS_RDONLY : 0);
        }
        try {
            vfs.chdir(ctx, cred, null, Names.fromUnicode(cwd));
        } catch (ErrnoException e) {
            LOG.debug("umk: no {} in the guest ({}); init starts in /", cwd, e.errno());
        }
        kernel.setVfs(vfs);
        KernelFiles files = new KernelFiles(kernel, vfs, clock, pages, memoryBytes);
        KernelFiles.install(files);
        FdTable fds = files.newFdTable();
        HostStreams streams = new HostStreams(console, clock);
        for (int fd = 0; fd <= 2; fd++) fds.installAt(fd, streams.open(fd, cred), false, FdTable.NR_OPEN);
        return new Result(vfs, ctx, fds, files);
    }

    /**
     * Filesystem types the kernel itself provides besides tmpfs. procfs and sysfs register
     * here ("proc", "sysfs") when they exist; {@link #mountKernelFileSystems} then mounts them.
     */
    private static void registerKernelFileSystems(Vfs vfs, Kernel kernel) {
    }

    /**
     * /proc and /sys, for each type registered and each mount point the root has. Until a
     * type exists, an empty read-only tmpfs hides the host's own /proc or /sys, which the
     * guest must never see through hostfs.
     */
    private static void mountKernelFileSystems(Vfs vfs, FsContext ctx, FsClock clock, PageAllocator pages) {
        List<String> types = vfs.fileSystemTypes();
        long flags = MountFlags.MS_NOSUID | MountFlags.MS_NODEV | MountFlags.MS_NOEXEC;
        String[][] kernelFs = {{"proc", "/proc"}, {"sysfs", "/sys"}};
        for (String[] k : kernelFs) {
            if (!exists(vfs, ctx, k[1])) continue;
            if (types.contains(k[0])) {
                vfs.mount(ctx, Credentials.root(), k[0], null, k[1], k[0], flags, "");
            } else {
                SuperBlock empty = TmpfsType.create(clock, pages, 1 << 20, 0555);
                empty.setReadOnly(true);
                vfs.mountAt(ctx, Credentials.root(), null, k[1], empty, flags | MountFlags.MS_RDONLY);
            }
        }
    }

    private static boolean exists(Vfs vfs, FsContext ctx, String path) {
        try {
            vfs.stat(ctx, Credentials.root(), null, path, 0);
            return true;
        } catch (ErrnoException e) {
            if (e.errno() != Errno.ENOENT && e.errno() != Errno.ENOTDIR) throw e;
            return false;
        }
    }

    /** mm's frame allocator as the page caches' frame source, so file pages can be mapped as they are. */
    private static FrameSource frameSource(FrameAllocator frames) {
        return new FrameSource() {
            @Override
            public PhysicalMemory memory() {
                return frames.memory();
            }

            @Override
            public long alloc() {
                return frames.allocFrame();
            }

            @Override
            public void put(long pa) {
                frames.put(pa);
            }
        };
    }
}
