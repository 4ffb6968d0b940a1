package dev.umk.cli;

import dev.umk.core.abi.Errno;
import dev.umk.core.hw.Console;
import dev.umk.core.hw.PhysicalMemory;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.FdTable;
import dev.umk.fs.FsClock;
import dev.umk.fs.FsContext;
import dev.umk.fs.MountFlags;
import dev.umk.fs.Names;
import dev.umk.fs.RootFs;
import dev.umk.fs.SuperBlock;
import dev.umk.fs.Vfs;
import dev.umk.fs.hostfs.HostFsSuperBlock;
import dev.umk.fs.page.FramePageAllocator;
import dev.umk.fs.page.FrameSource;
import dev.umk.fs.page.PageAllocator;
import dev.umk.fs.stdio.HostStreams;
import dev.umk.fs.tmpfs.TmpfsType;
import dev.umk.hostdrv.NioHostFiles;
import dev.umk.mm.FrameAllocator;
import dev.umk.sched.Kernel;
import dev.umk.syscalls.KernelFiles;
import dev.umk.core.abi.FileFlags;
import dev.umk.fs.Blocker;
import dev.umk.fs.OpenFile;
import dev.umk.fs.tty.ConsoleTty;
import dev.umk.fs.devfs.DevFs;
import dev.umk.fs.tty.DevPts;
import dev.umk.fs.tty.DevTty;
import dev.umk.sched.TerminalControl;
import dev.umk.fs.proc.ProcEnv;
import dev.umk.fs.proc.ProcFsType;
import dev.umk.fs.sysfs.SysFsType;
import dev.umk.hostdrv.HostFiles;
import dev.umk.sched.ProcessInfoSource;
import java.io.File;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guest's filesystem at boot, as {@code runsc do} builds it: an overlay of a tmpfs
 * upper over the host's "/" (or {@code --root DIR}) through read-only hostfs, so guest
 * writes land in memory and never on the host; umk's own /dev; /proc and /sys; the
 * {@code --volume} mounts (read-write hostfs unless ":ro", so those writes do reach the
 * host); init's cwd (the caller's, when the guest has it) with umask 022; and init's fds
 * 0-2 on the host's standard streams. Page caches live in guest frames so files can be
 * mapped as they are.
 */
final class BootFs {
    private static final Logger LOG = LoggerFactory.getLogger(BootFs.class);
    /** How long a hostfs dentry is trusted before it is checked against the host again. */
    private static final long HOST_REVALIDATE_NANOS = 1_000_000_000L;

    /** What boot hands to init: the tree, init's context and fd table, the kernel-wide file state. */
    record Result(Vfs vfs, FsContext initFs, FdTable initFiles, KernelFiles files) {}

    private BootFs() {}

    static Result build(Kernel kernel, long memoryBytes, String rootDir, List<Volume> volumes, String cwd,
                        Credentials cred, Console console, TerminalControl terminals, ConsoleTty consoleTty) {
        FsClock clock = FsClock.SYSTEM;
        PageAllocator pages = new FramePageAllocator(frameSource(kernel.frames()));
        NioHostFiles host = new NioHostFiles();
        RootFs root = RootFs.overlayOnHost(host, Names.fromUnicode(rootDir), clock, pages, memoryBytes,
                HOST_REVALIDATE_NANOS);
        Vfs vfs = root.vfs();
        FsContext ctx = root.initContext();
        registerKernelFileSystems(vfs, kernel);
        Credentials boot = Credentials.root();
        DevPts devPts = new DevPts(clock, terminals, terminals);
        devPts.registerDevices(vfs.devices());
        vfs.registerFileSystem(devPts.fileSystemType());
        vfs.devices().register(5, 0, DevTty.device(terminals));
        if (consoleTty != null) {
            vfs.devices().register(5, 1, consoleTty.device(false)); // /dev/console: never a ctty
            vfs.devices().register(4, 1, consoleTty.device(true));  // /dev/tty1
        }
        DevFs devFs = root.dev();
        if (devFs != null) {
            devFs.addNode("tty", 0666, 5, 0);
            devFs.addNode("ptmx", 0666, 5, 2);
            if (consoleTty != null) {
                devFs.addNode("console", 0600, 5, 1);
                devFs.addNode("tty1", 0620, 4, 1);
            }
            devPts.mount(vfs, ctx, "/dev/pts");
        }
        mountKernelFileSystems(root, clock, pages);
        for (Volume v : volumes) {
            String guest = Names.fromUnicode(v.guestPath());
            SuperBlock sb = new HostFsSuperBlock(clock, host, Names.fromUnicode(new File(v.hostPath()).getAbsolutePath()),
                    v.readOnly(), HOST_REVALIDATE_NANOS);
            mkdirs(vfs, ctx, parentOf(guest));
            root.mountAt(guest, sb, v.readOnly() ? MountFlags.MS_RDONLY : 0);
        }
        try {
            vfs.chdir(ctx, cred, null, Names.fromUnicode(cwd));
        } catch (ErrnoException e) {
            LOG.debug("umk: no {} in the guest ({}); init starts in /", cwd, e.errno());
        }
        kernel.setVfs(vfs);
        KernelFiles files = new KernelFiles(kernel, vfs, clock, pages, memoryBytes);
        KernelFiles.install(files);
        FdTable fds = new FdTable();
        HostStreams streams = new HostStreams(console, clock);
        OpenFile tty = null;
        if (consoleTty != null) {
            // A login terminal: fds 0-2 share one open file description of the console tty.
            tty = vfs.open(ctx, boot, null, "/dev/tty1", FileFlags.O_RDWR, 0, Blocker.NONBLOCKING);
        }
        for (int fd = 0; fd <= 2; fd++) {
            if (tty != null && console.isatty(fd)) {
                tty.get();
                fds.installAt(fd, tty, false, FdTable.NR_OPEN);
            } else {
                fds.installAt(fd, streams.open(fd, cred), false, FdTable.NR_OPEN);
            }
        }
        if (tty != null) tty.put();
        return new Result(vfs, ctx, fds, files);
    }

    /**
     * Filesystem types the kernel itself provides besides tmpfs. procfs and sysfs register
     * here ("proc", "sysfs") when they exist; {@link #mountKernelFileSystems} then mounts them.
     */
    private static void registerKernelFileSystems(Vfs vfs, Kernel kernel) {
        ProcessInfoSource procs = new ProcessInfoSource(kernel);
        String cpuinfo = "";
        try {
            cpuinfo = new String(HostFiles.readAll("/proc/cpuinfo"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            LOG.debug("umk: no host /proc/cpuinfo ({}); /proc/cpuinfo shows the generic fields", e.toString());
        }
        vfs.registerFileSystem(new ProcFsType(new ProcEnv(vfs, procs, procs, cpuinfo), vfs.clock()));
        vfs.registerFileSystem(new SysFsType(vfs.clock(), kernel.cpus()));
    }

    /**
     * /proc and /sys. Until their types are registered, an empty read-only tmpfs hides the
     * host's own /proc and /sys, which the guest must never see through hostfs.
     */
    private static void mountKernelFileSystems(RootFs root, FsClock clock, PageAllocator pages) {
        Vfs vfs = root.vfs();
        List<String> types = vfs.fileSystemTypes();
        long flags = MountFlags.MS_NOSUID | MountFlags.MS_NODEV | MountFlags.MS_NOEXEC;
        String[][] kernelFs = {{"proc", "/proc"}, {"sysfs", "/sys"}};
        for (String[] k : kernelFs) {
            if (types.contains(k[0])) {
                mkdirs(vfs, root.initContext(), k[1]);
                vfs.mount(root.initContext(), Credentials.root(), k[0], null, k[1], k[0], flags, "");
            } else {
                SuperBlock empty = TmpfsType.create(clock, pages, 1 << 20, 0555);
                empty.setReadOnly(true);
                root.mountAt(k[1], empty, flags | MountFlags.MS_RDONLY);
            }
        }
    }

    /** mkdir -p in the guest tree (new directories land in the overlay's upper layer). */
    private static void mkdirs(Vfs vfs, FsContext ctx, String path) {
        StringBuilder p = new StringBuilder();
        for (String part : path.split("/")) {
            if (part.isEmpty()) continue;
            p.append('/').append(part);
            try {
                vfs.mkdir(ctx, Credentials.root(), null, p.toString(), 0755);
            } catch (ErrnoException e) {
                if (e.errno() != Errno.EEXIST) throw e;
            }
        }
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
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
