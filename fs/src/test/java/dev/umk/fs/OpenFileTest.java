package dev.umk.fs;

import static dev.umk.core.abi.FileFlags.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenFileTest extends FsTestKit {
    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readAndWriteMoveThePosition() {
        OpenFile f = open("/f", O_CREAT | O_RDWR, 0644);
        assertEquals(5, f.write(bytes("hello"), blocker));
        assertEquals(5, f.position());
        assertEquals(0, f.lseek(0, SEEK_SET));
        ByteBuffer b = ByteBuffer.allocate(3);
        assertEquals(3, f.read(b, blocker));
        assertEquals("hel", new String(b.array()));
        assertEquals(3, f.position());
        f.put();
    }

    @Test
    void readAtEndReturnsZero() {
        writeFile("/f", "ab");
        OpenFile f = open("/f", O_RDONLY, 0);
        f.lseek(10, SEEK_SET);
        assertEquals(0, f.read(ByteBuffer.allocate(4), blocker));
        f.put();
    }

    @Test
    void appendWritesAtEndWhateverThePosition() {
        writeFile("/f", "abc");
        OpenFile f = open("/f", O_WRONLY | O_APPEND, 0);
        f.lseek(0, SEEK_SET);
        f.write(bytes("de"), blocker);
        assertEquals(5, f.position());
        f.pwrite(bytes("!"), 0, blocker);
        assertEquals("abcde!", readFile("/f"));
        f.put();
    }

    @Test
    void preadAndPwriteLeaveThePositionAlone() {
        OpenFile f = open("/f", O_CREAT | O_RDWR, 0644);
        f.pwrite(bytes("xyz"), 10, blocker);
        assertEquals(0, f.position());
        assertEquals(13, f.stat().size);
        ByteBuffer b = ByteBuffer.allocate(13);
        assertEquals(13, f.pread(b, 0, blocker));
        assertArrayEquals(new byte[10], java.util.Arrays.copyOf(b.array(), 10));
        assertErrno(Errno.EINVAL, () -> f.pread(ByteBuffer.allocate(1), -1, blocker));
        f.put();
    }

    @Test
    void wrongAccessModeIsEbadf() {
        writeFile("/f", "abc");
        OpenFile r = open("/f", O_RDONLY, 0);
        assertErrno(Errno.EBADF, () -> r.write(bytes("x"), blocker));
        OpenFile w = open("/f", O_WRONLY, 0);
        assertErrno(Errno.EBADF, () -> w.read(ByteBuffer.allocate(1), blocker));
        r.put();
        w.put();
    }

    @Test
    void readingADirectoryIsEisdir() {
        mkdir("/d", 0755);
        OpenFile d = open("/d", O_RDONLY, 0);
        assertErrno(Errno.EISDIR, () -> d.read(ByteBuffer.allocate(8), blocker));
        d.put();
    }

    @Test
    void lseekRules() {
        writeFile("/f", "0123456789");
        OpenFile f = open("/f", O_RDONLY, 0);
        assertEquals(8, f.lseek(-2, SEEK_END));
        assertEquals(9, f.lseek(1, SEEK_CUR));
        assertEquals(100, f.lseek(100, SEEK_SET));
        assertErrno(Errno.EINVAL, () -> f.lseek(-1, SEEK_SET));
        assertErrno(Errno.EINVAL, () -> f.lseek(0, 7));
        assertEquals(100, f.position());
        f.put();
    }

    @Test
    void sparseFileReadsZerosAndSeeksDataAndHoles() {
        OpenFile f = open("/s", O_CREAT | O_RDWR, 0644);
        f.pwrite(bytes("A"), 3 * 4096 + 5, blocker);
        f.pwrite(bytes("B"), 10 * 4096, blocker);
        long size = 10 * 4096 + 1;
        assertEquals(size, f.stat().size);
        assertEquals(2 * 8, f.stat().blocks);
        ByteBuffer b = ByteBuffer.allocate(4096);
        assertEquals(4096, f.pread(b, 4096, blocker));
        assertArrayEquals(new byte[4096], b.array());
        assertEquals(3 * 4096, f.lseek(0, SEEK_DATA));
        assertEquals(3 * 4096 + 7, f.lseek(3 * 4096 + 7, SEEK_DATA));
        assertEquals(0, f.lseek(0, SEEK_HOLE));
        assertEquals(4 * 4096, f.lseek(3 * 4096, SEEK_HOLE));
        assertEquals(10 * 4096, f.lseek(4 * 4096, SEEK_DATA));
        assertEquals(size, f.lseek(10 * 4096, SEEK_HOLE));
        assertErrno(Errno.ENXIO, () -> f.lseek(size, SEEK_DATA));
        assertErrno(Errno.ENXIO, () -> f.lseek(size, SEEK_HOLE));
        assertErrno(Errno.ENXIO, () -> f.lseek(-1, SEEK_DATA));
        f.put();
    }

    @Test
    void truncateShrinksAndGrowsWithZeros() {
        writeFile("/f", "abcdefgh");
        vfs.truncate(fs, ROOT, null, "/f", 3);
        assertEquals("abc", readFile("/f"));
        vfs.truncate(fs, ROOT, null, "/f", 6);
        assertEquals("abc\0\0\0", readFile("/f"));
    }

    @Test
    void punchHoleZeroesKeepingSize() {
        OpenFile f = open("/f", O_CREAT | O_RDWR, 0644);
        f.write(ByteBuffer.wrap(new byte[3 * 4096]).put(0, (byte) 1).put(3 * 4096 - 1, (byte) 2), blocker);
        OpenFile g = f;
        vfs.fallocate(g, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, 2 * 4096);
        assertEquals(3 * 4096, f.stat().size);
        assertEquals(8, f.stat().blocks);
        assertEquals(2 * 4096, f.lseek(0, SEEK_DATA));
        assertErrno(Errno.EOPNOTSUPP, () -> vfs.fallocate(g, FALLOC_FL_PUNCH_HOLE, 0, 10));
        vfs.fallocate(g, 0, 0, 5 * 4096);
        assertEquals(5 * 4096, f.stat().size);
        assertErrno(Errno.EINVAL, () -> vfs.fallocate(g, 0, 0, 0));
        f.put();
    }

    @Test
    void writeByNonRootClearsSetuid() {
        writeFile("/f", "");
        vfs.chown(fs, ROOT, null, "/f", 1000, 1000, 0);
        vfs.chmod(fs, USER, null, "/f", 06775, 0);
        OpenFile w = vfs.open(fs, USER, null, "/f", O_WRONLY, 0, blocker);
        w.write(bytes("x"), blocker);
        assertEquals(0775, stat("/f").mode & 07777);
        w.put();
    }

    @Test
    void writeUpdatesMtimeAndCtime() {
        writeFile("/f", "a");
        var before = stat("/f");
        OpenFile w = open("/f", O_WRONLY, 0);
        w.write(bytes("b"), blocker);
        var after = stat("/f");
        assertTrue(after.mtimeSec * 1_000_000_000L + after.mtimeNsec > before.mtimeSec * 1_000_000_000L + before.mtimeNsec);
        assertEquals(after.mtimeNsec, after.ctimeNsec);
        w.put();
    }

    private record Dirent(long ino, long off, int type, String name) {}

    private static List<Dirent> parse(ByteBuffer b, int len) {
        ByteBuffer in = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        List<Dirent> out = new ArrayList<>();
        int p = 0;
        while (p < len) {
            int reclen = in.getShort(p + 16) & 0xffff;
            int end = p + 19;
            while (in.get(end) != 0) end++;
            byte[] name = new byte[end - p - 19];
            in.get(p + 19, name);
            out.add(new Dirent(in.getLong(p), in.getLong(p + 8), in.get(p + 18), new String(name)));
            p += reclen;
        }
        return out;
    }

    @Test
    void getdentsListsDotsThenEntriesAndResumes() {
        mkdir("/d", 0755);
        writeFile("/d/a", "");
        mkdir("/d/b", 0755);
        vfs.symlink(fs, ROOT, "a", null, "/d/c");
        OpenFile d = open("/d", O_RDONLY | O_DIRECTORY, 0);
        ByteBuffer buf = ByteBuffer.allocate(4096);
        int n = d.getdents64(buf);
        List<Dirent> all = parse(buf, n);
        assertEquals(List.of(".", "..", "a", "b", "c"), all.stream().map(Dirent::name).toList());
        assertEquals(DT_DIR, all.get(0).type());
        assertEquals(DT_REG, all.get(2).type());
        assertEquals(DT_LNK, all.get(4).type());
        assertEquals(stat("/d/a").ino, all.get(2).ino());
        assertEquals(stat("/").ino, all.get(1).ino());
        assertEquals(0, d.getdents64(ByteBuffer.allocate(4096)));
        d.lseek(all.get(2).off(), SEEK_SET);
        List<Dirent> rest = parse(buf.clear(), d.getdents64(buf));
        assertEquals(List.of("b", "c"), rest.stream().map(Dirent::name).toList());
        d.put();
    }

    @Test
    void getdentsKeepsItsPlaceWhenEntriesChange() {
        mkdir("/d", 0755);
        for (String s : new String[] {"a", "b", "c", "d"}) writeFile("/d/" + s, "");
        OpenFile d = open("/d", O_RDONLY | O_DIRECTORY, 0);
        ByteBuffer small = ByteBuffer.allocate(Stat64Sizes.TWO_SHORT_ENTRIES);
        List<Dirent> first = parse(small, d.getdents64(small));
        assertEquals(List.of(".", ".."), first.stream().map(Dirent::name).toList());
        vfs.unlink(fs, ROOT, null, "/d/a");
        writeFile("/d/e", "");
        ByteBuffer buf = ByteBuffer.allocate(4096);
        List<Dirent> rest = parse(buf, d.getdents64(buf));
        assertEquals(List.of("b", "c", "d", "e"), rest.stream().map(Dirent::name).toList());
        d.put();
    }

    @Test
    void getdentsWithTooSmallBufferIsEinval() {
        mkdir("/d", 0755);
        OpenFile d = open("/d", O_RDONLY, 0);
        assertErrno(Errno.EINVAL, () -> d.getdents64(ByteBuffer.allocate(10)));
        d.put();
    }

    @Test
    void getdentsOfARemovedDirectoryIsEnoent() {
        mkdir("/d", 0755);
        OpenFile d = open("/d", O_RDONLY, 0);
        vfs.rmdir(fs, ROOT, null, "/d");
        assertErrno(Errno.ENOENT, () -> d.getdents64(ByteBuffer.allocate(4096)));
        d.put();
    }

    @Test
    void getdentsOnAFileIsEnotdir() {
        writeFile("/f", "");
        OpenFile f = open("/f", O_RDONLY, 0);
        assertErrno(Errno.ENOTDIR, () -> f.getdents64(ByteBuffer.allocate(4096)));
        f.put();
    }

    @Test
    void fionreadReportsBytesLeft() {
        writeFile("/f", "12345");
        OpenFile f = open("/f", O_RDONLY, 0);
        f.lseek(2, SEEK_SET);
        int[] out = new int[1];
        UserMemory mem = new UserMemory() {
            @Override public void read(long va, byte[] dst, int off, int len) {}
            @Override public void write(long va, byte[] src, int off, int len) {
                out[0] = ByteBuffer.wrap(src).order(ByteOrder.LITTLE_ENDIAN).getInt();
            }
        };
        f.ioctl(OpenFile.FIONREAD, 0x1000, mem);
        assertEquals(3, out[0]);
        assertErrno(Errno.ENOTTY, () -> f.ioctl(0x5401, 0, mem));
        f.put();
    }

    @Test
    void mapPageSharesThePageCache() {
        writeFile("/f", "abc");
        OpenFile f = open("/f", O_RDWR, 0);
        dev.umk.fs.page.Page p = f.ops().mapPage(f, 0);
        ByteBuffer b = ByteBuffer.allocate(3);
        p.read(0, b, 3);
        assertEquals("abc", new String(b.array()));
        p.write(0, ByteBuffer.wrap("X".getBytes()), 1);
        assertEquals("Xbc", readFile("/f"), "a store through the mapping is the file's data");
        assertErrno(Errno.ENXIO, () -> f.ops().mapPage(f, 1));
        mkdir("/d", 0755);
        OpenFile d = open("/d", O_RDONLY, 0);
        assertErrno(Errno.ENODEV, () -> d.ops().mapPage(d, 0));
        f.put();
        d.put();
    }

    /** Sizes of linux_dirent64 records for "." and "..". */
    private static final class Stat64Sizes {
        static final int TWO_SHORT_ENTRIES = 48;
    }
}
