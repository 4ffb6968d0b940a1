package dev.umk.fs.hostfs;

import dev.umk.hostdrv.NioHostFiles;

import static dev.umk.core.abi.FileFlags.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Stat;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.FsClock;
import dev.umk.fs.FsContext;
import dev.umk.fs.OpenFile;
import dev.umk.fs.ParkingBlocker;
import dev.umk.fs.Vfs;
import dev.umk.fs.hostfs.HostFsSuperBlock;
import dev.umk.fs.page.HeapPageAllocator;
import dev.umk.fs.tmpfs.TmpfsType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class HostFsTest {
    private static final Credentials ROOT = Credentials.root();
    @TempDir Path dir;
    private Vfs vfs;
    private FsContext fs;
    private final ParkingBlocker blocker = new ParkingBlocker();

    @BeforeEach
    void mount() throws IOException {
        Files.writeString(dir.resolve("hello.txt"), "hello host");
        Files.createDirectory(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/inner"), "inner");
        Files.createSymbolicLink(dir.resolve("link"), Path.of("hello.txt"));
        vfs = new Vfs(new TmpfsType(FsClock.SYSTEM, HeapPageAllocator.INSTANCE, 1 << 30).mount("", 0, ""), FsClock.SYSTEM);
        fs = vfs.newContext(022);
        vfs.mkdir(fs, ROOT, null, "/rw", 0755);
        vfs.mkdir(fs, ROOT, null, "/ro", 0755);
        vfs.mountAt(fs, ROOT, null, "/rw", new HostFsSuperBlock(FsClock.SYSTEM, new NioHostFiles(), dir.toString(), false, 0), 0);
        vfs.mountAt(fs, ROOT, null, "/ro", new HostFsSuperBlock(FsClock.SYSTEM, new NioHostFiles(), dir.toString(), true, 0), 0);
    }

    static void assertErrno(Errno expected, Executable op) {
        ErrnoException e = assertThrows(ErrnoException.class, op);
        assertEquals(expected, e.errno(), e.getMessage());
    }

    private String read(String path) {
        OpenFile f = vfs.open(fs, ROOT, null, path, O_RDONLY, 0, blocker);
        ByteBuffer b = ByteBuffer.allocate(4096);
        f.read(b, blocker);
        f.put();
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
    }

    private void write(String path, String s, int flags) {
        OpenFile f = vfs.open(fs, ROOT, null, path, O_WRONLY | flags, 0640, blocker);
        f.write(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)), blocker);
        f.put();
    }

    @Test
    void hostAttributesShowAsTheyAre() throws IOException {
        Map<String, Object> m = Files.readAttributes(dir.resolve("hello.txt"), "unix:*", LinkOption.NOFOLLOW_LINKS);
        Stat st = vfs.stat(fs, ROOT, null, "/ro/hello.txt", 0);
        assertEquals(m.get("ino"), st.ino);
        assertEquals(m.get("mode"), st.mode);
        assertEquals(m.get("uid"), st.uid);
        assertEquals(m.get("nlink"), (int) st.nlink);
        assertEquals(10, st.size);
        assertEquals(Files.getLastModifiedTime(dir.resolve("hello.txt")).toInstant().getEpochSecond(), st.mtimeSec);
        assertEquals("hello host", read("/ro/hello.txt"));
        assertEquals("hello host", read("/ro/link"));
        assertEquals("hello.txt", vfs.readlink(fs, ROOT, null, "/ro/link"));
    }

    @Test
    void readOnlyMountRefusesWrites() {
        assertErrno(Errno.EROFS, () -> write("/ro/hello.txt", "x", 0));
        assertErrno(Errno.EROFS, () -> vfs.mkdir(fs, ROOT, null, "/ro/new", 0755));
        assertErrno(Errno.EROFS, () -> vfs.unlink(fs, ROOT, null, "/ro/hello.txt"));
        assertEquals(Stat.StatFs.ST_RDONLY, vfs.statfs(fs, ROOT, null, "/ro").flags & Stat.StatFs.ST_RDONLY);
    }

    @Test
    void writesReachTheHost() throws IOException {
        write("/rw/new.txt", "created", O_CREAT | O_EXCL);
        assertEquals("created", Files.readString(dir.resolve("new.txt")));
        assertEquals(0640, (Integer) Files.getAttribute(dir.resolve("new.txt"), "unix:mode") & 07777, "exact mode, no host umask");
        write("/rw/new.txt", "+more", O_APPEND);
        assertEquals("created+more", Files.readString(dir.resolve("new.txt")));
        vfs.truncate(fs, ROOT, null, "/rw/new.txt", 3);
        assertEquals("cre", Files.readString(dir.resolve("new.txt")));
        vfs.truncate(fs, ROOT, null, "/rw/new.txt", 5);
        assertEquals(5, Files.size(dir.resolve("new.txt")));
    }

    @Test
    void namespaceChangesReachTheHost() throws IOException {
        vfs.mkdir(fs, ROOT, null, "/rw/d", 0700);
        assertTrue(Files.isDirectory(dir.resolve("d")));
        vfs.rename(fs, ROOT, null, "/rw/sub", null, "/rw/d/moved", 0);
        assertEquals("inner", Files.readString(dir.resolve("d/moved/inner")));
        assertEquals("inner", read("/rw/d/moved/inner"));
        write("/rw/d/moved/again", "a", O_CREAT);
        assertTrue(Files.exists(dir.resolve("d/moved/again")), "paths follow the renamed parent");
        vfs.link(fs, ROOT, null, "/rw/hello.txt", null, "/rw/hard", 0);
        assertEquals(2, vfs.stat(fs, ROOT, null, "/rw/hello.txt", 0).nlink);
        vfs.symlink(fs, ROOT, "target", null, "/rw/sym");
        assertEquals(Path.of("target"), Files.readSymbolicLink(dir.resolve("sym")));
        vfs.unlink(fs, ROOT, null, "/rw/hard");
        assertFalse(Files.exists(dir.resolve("hard")));
        assertErrno(Errno.ENOTEMPTY, () -> vfs.rmdir(fs, ROOT, null, "/rw/d"));
        assertErrno(Errno.EEXIST, () -> vfs.mkdir(fs, ROOT, null, "/rw/d", 0755));
    }

    @Test
    void attributeChangesReachTheHost() throws IOException {
        vfs.chmod(fs, ROOT, null, "/rw/hello.txt", 0604, 0);
        assertEquals(0604, (Integer) Files.getAttribute(dir.resolve("hello.txt"), "unix:mode") & 07777);
        vfs.utimens(fs, ROOT, null, "/rw/hello.txt", new long[] {1000, 5, 2000, 7}, 0);
        assertEquals(2000, Files.getLastModifiedTime(dir.resolve("hello.txt")).toInstant().getEpochSecond());
        assertEquals(2000, vfs.stat(fs, ROOT, null, "/rw/hello.txt", 0).mtimeSec);
    }

    @Test
    void hostChangesAreSeen() throws IOException {
        assertEquals("inner", read("/rw/sub/inner"));
        Files.delete(dir.resolve("sub/inner"));
        assertErrno(Errno.ENOENT, () -> read("/rw/sub/inner"));
        Files.writeString(dir.resolve("sub/inner"), "replaced");
        assertEquals("replaced", read("/rw/sub/inner"));
    }

    @Test
    void readdirListsHostEntries() {
        OpenFile d = vfs.open(fs, ROOT, null, "/ro", O_RDONLY | O_DIRECTORY, 0, blocker);
        List<String> names = new ArrayList<>();
        d.iterate((name, ino, type, next) -> names.add(name));
        d.put();
        assertTrue(names.containsAll(List.of(".", "..", "hello.txt", "sub", "link")), names.toString());
        assertEquals(5, names.size());
    }

    @Test
    void hostErrorsBecomeErrnos() {
        assertErrno(Errno.ENOENT, () -> vfs.stat(fs, ROOT, null, "/rw/none", 0));
        assertErrno(Errno.ENOTDIR, () -> vfs.stat(fs, ROOT, null, "/rw/hello.txt/x", 0));
        assertErrno(Errno.EXDEV, () -> vfs.rename(fs, ROOT, null, "/rw/hello.txt", null, "/ro/x", 0));
        assertErrno(Errno.EPERM, () -> vfs.mknod(fs, ROOT, null, "/rw/fifo", S_IFIFO | 0644, 0));
    }

    @Test
    void userXattrsReachTheHostWhenSupported() {
        try {
            vfs.setxattr(fs, ROOT, null, "/rw/hello.txt", "user.k", "v".getBytes(), 0, true);
        } catch (ErrnoException e) {
            assertEquals(Errno.EOPNOTSUPP, e.errno());
            return;
        }
        assertArrayEquals("v".getBytes(), vfs.getxattr(fs, ROOT, null, "/rw/hello.txt", "user.k", true));
        assertTrue(vfs.listxattr(fs, ROOT, null, "/rw/hello.txt", true).contains("user.k"));
        assertErrno(Errno.ENODATA, () -> vfs.getxattr(fs, ROOT, null, "/rw/hello.txt", "user.none", true));
    }

    @Test
    void statfsReportsHostfs() {
        Stat.StatFs s = vfs.statfs(fs, ROOT, null, "/rw");
        assertEquals(HostFsSuperBlock.HOSTFS_MAGIC, s.type);
        assertTrue(s.blocks > 0);
    }
}
