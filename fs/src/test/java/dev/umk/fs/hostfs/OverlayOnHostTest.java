package dev.umk.fs.hostfs;

import dev.umk.hostdrv.NioHostFiles;

import static dev.umk.core.abi.FileFlags.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.FsClock;
import dev.umk.fs.FsContext;
import dev.umk.fs.OpenFile;
import dev.umk.fs.ParkingBlocker;
import dev.umk.fs.Vfs;
import dev.umk.fs.hostfs.HostFsSuperBlock;
import dev.umk.fs.overlay.OverlaySuperBlock;
import dev.umk.fs.page.HeapPageAllocator;
import dev.umk.fs.tmpfs.TmpfsType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default root's shape: overlay(tmpfs upper, read-only hostfs lower) over a real host directory. */
class OverlayOnHostTest {
    private static final Credentials ROOT = Credentials.root();
    @TempDir Path dir;
    private Vfs vfs;
    private FsContext fs;
    private final ParkingBlocker blocker = new ParkingBlocker();

    @BeforeEach
    void mount() throws IOException {
        Files.writeString(dir.resolve("config"), "original");
        Files.createDirectory(dir.resolve("etc"));
        Files.writeString(dir.resolve("etc/hosts"), "127.0.0.1 localhost");
        HostFsSuperBlock lower = new HostFsSuperBlock(FsClock.SYSTEM, new NioHostFiles(), dir.toString(), true, 1_000_000_000L);
        var upper = TmpfsType.create(FsClock.SYSTEM, HeapPageAllocator.INSTANCE, 1 << 30, 0755);
        vfs = new Vfs(new OverlaySuperBlock(FsClock.SYSTEM, upper, lower), FsClock.SYSTEM);
        fs = vfs.newContext(022);
    }

    private String read(String path) {
        OpenFile f = vfs.open(fs, ROOT, null, path, O_RDONLY, 0, blocker);
        ByteBuffer b = ByteBuffer.allocate(4096);
        f.read(b, blocker);
        f.put();
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
    }

    @Test
    void writeThroughTheOverlayLeavesTheHostFileUnchanged() throws IOException {
        OpenFile f = vfs.open(fs, ROOT, null, "/config", O_WRONLY | O_TRUNC, 0, blocker);
        f.write(ByteBuffer.wrap("guest change".getBytes()), blocker);
        f.put();
        assertEquals("guest change", read("/config"));
        assertEquals("original", Files.readString(dir.resolve("config")));
    }

    @Test
    void deletesAndCreatesStayInMemory() throws IOException {
        vfs.unlink(fs, ROOT, null, "/etc/hosts");
        vfs.mkdir(fs, ROOT, null, "/newdir", 0755);
        vfs.open(fs, ROOT, null, "/newdir/f", O_CREAT | O_WRONLY, 0644, blocker).put();
        assertTrue(Files.exists(dir.resolve("etc/hosts")));
        assertFalse(Files.exists(dir.resolve("newdir")));
        ErrnoException e = assertThrows(ErrnoException.class, () -> read("/etc/hosts"));
        assertEquals(Errno.ENOENT, e.errno());
    }

    @Test
    void hostInodeNumbersShowThrough() throws IOException {
        long hostIno = (Long) Files.getAttribute(dir.resolve("etc/hosts"), "unix:ino");
        assertEquals(hostIno, vfs.stat(fs, ROOT, null, "/etc/hosts", 0).ino);
        assertEquals("127.0.0.1 localhost", read("/etc/hosts"));
    }
}
