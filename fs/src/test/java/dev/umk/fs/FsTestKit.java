package dev.umk.fs;

import dev.umk.core.kernel.Timespec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.page.HeapPageAllocator;
import dev.umk.fs.tmpfs.TmpfsType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.function.Executable;

/** A VFS with a tmpfs root, a root context and helpers, shared by the fs tests. */
public class FsTestKit {
    /** A clock that advances one microsecond per reading, so timestamp changes are visible. */
    public static final class StepClock implements FsClock {
        private final AtomicLong nanos = new AtomicLong(1_700_000_000_000_000_000L);

        @Override
        public Timespec now() {
            return Timespec.ofNanos(nanos.addAndGet(1000));
        }
    }

    public static final Credentials ROOT = Credentials.root();
    public static final Credentials USER = Credentials.of(1000, 1000);
    public static final Credentials OTHER = Credentials.of(2000, 2000);

    protected final FsClock clock = new StepClock();
    protected final TmpfsType tmpfsType = new TmpfsType(clock, HeapPageAllocator.INSTANCE, 1L << 30);
    protected final Vfs vfs = new Vfs(tmpfsType.mount("rootfs", 0, "mode=755"), clock);
    protected final FsContext fs = vfs.newContext(022);
    protected final Blocker blocker = new ParkingBlocker();

    protected FsTestKit() {
        vfs.registerFileSystem(tmpfsType);
    }

    public static void assertErrno(Errno expected, Executable op) {
        assertErrno(expected, op, "");
    }

    public static void assertErrno(Errno expected, Executable op, String why) {
        ErrnoException e = assertThrows(ErrnoException.class, op, why);
        assertEquals(expected, e.errno(), why + " " + e.getMessage());
    }

    protected OpenFile open(String path, int flags, int mode) {
        return vfs.open(fs, ROOT, null, path, flags, mode, blocker);
    }

    protected OpenFile open(Credentials cred, String path, int flags) {
        return vfs.open(fs, cred, null, path, flags, 0644, blocker);
    }

    protected void writeFile(String path, String content) {
        OpenFile f = open(path, dev.umk.core.abi.FileFlags.O_WRONLY | dev.umk.core.abi.FileFlags.O_CREAT
                | dev.umk.core.abi.FileFlags.O_TRUNC, 0644);
        f.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)), blocker);
        f.put();
    }

    protected String readFile(String path) {
        OpenFile f = open(path, dev.umk.core.abi.FileFlags.O_RDONLY, 0);
        try {
            return readAll(f);
        } finally {
            f.put();
        }
    }

    protected String readAll(OpenFile f) {
        ByteBuffer b = ByteBuffer.allocate(1 << 16);
        while (f.read(b, blocker) > 0) {
            if (!b.hasRemaining()) break;
        }
        b.flip();
        return StandardCharsets.UTF_8.decode(b).toString();
    }

    protected void mkdir(String path, int mode) {
        vfs.mkdir(fs, ROOT, null, path, mode);
    }

    protected dev.umk.core.abi.Stat stat(String path) {
        return vfs.stat(fs, ROOT, null, path, 0);
    }

    protected dev.umk.core.abi.Stat lstat(String path) {
        return vfs.stat(fs, ROOT, null, path, dev.umk.core.abi.FileFlags.AT_SYMLINK_NOFOLLOW);
    }

    protected boolean exists(String path) {
        try {
            lstat(path);
            return true;
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENOENT) return false;
            throw e;
        }
    }

    /** A private context (for tests that chdir/chroot) sharing the VFS. */
    protected FsContext newContext() {
        return vfs.newContext(022);
    }
}
