package dev.umk.fs.overlay;

import static dev.umk.core.abi.FileFlags.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Stat;
import dev.umk.fs.FsContext;
import dev.umk.fs.FsTestKit;
import dev.umk.fs.OpenFile;
import dev.umk.fs.Vfs;
import dev.umk.fs.page.HeapPageAllocator;
import dev.umk.fs.tmpfs.TmpfsSuperBlock;
import dev.umk.fs.tmpfs.TmpfsType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Overlay over a read-only tmpfs lower. The lower is prepared through its own VFS, then
 * marked read-only; the overlay VFS must never change it.
 */
class OverlayTest extends FsTestKit {
    private TmpfsSuperBlock lowerSb;
    private Vfs lowerVfs;
    private FsContext lfs;
    private Vfs ovfs;
    private FsContext ofs;

    @BeforeEach
    void layers() {
        lowerSb = TmpfsType.create(clock, HeapPageAllocator.INSTANCE, 1 << 30, 0755);
        lowerVfs = new Vfs(lowerSb, clock);
        lfs = lowerVfs.newContext(022);
        lowerVfs.mkdir(lfs, ROOT, null, "/etc", 0755);
        lowerVfs.mkdir(lfs, ROOT, null, "/etc/sub", 0755);
        write(lowerVfs, lfs, "/etc/passwd", "root:x:0:0");
        write(lowerVfs, lfs, "/etc/sub/deep", "deep");
        write(lowerVfs, lfs, "/big", "");
        OpenFile big = lowerVfs.open(lfs, ROOT, null, "/big", O_WRONLY, 0, blocker);
        big.pwrite(ByteBuffer.wrap(new byte[] {7}), 1 << 20, blocker);
        big.put();
        lowerVfs.symlink(lfs, ROOT, "passwd", null, "/etc/link");
        lowerVfs.setxattr(lfs, ROOT, null, "/etc/passwd", "user.tag", "t".getBytes(), 0, true);
        lowerVfs.chown(lfs, ROOT, null, "/etc/passwd", 7, 8, 0);
        lowerSb.setReadOnly(true);
        TmpfsSuperBlock upper = TmpfsType.create(clock, HeapPageAllocator.INSTANCE, 1 << 30, 0755);
        ovfs = new Vfs(new OverlaySuperBlock(clock, upper, lowerSb), clock);
        ofs = ovfs.newContext(022);
    }

    private void write(Vfs v, FsContext c, String path, String s) {
        OpenFile f = v.open(c, ROOT, null, path, O_WRONLY | O_CREAT | O_TRUNC, 0644, blocker);
        f.write(ByteBuffer.wrap(s.getBytes()), blocker);
        f.put();
    }

    private String read(Vfs v, FsContext c, String path) {
        OpenFile f = v.open(c, ROOT, null, path, O_RDONLY, 0, blocker);
        try {
            return readAll(f);
        } finally {
            f.put();
        }
    }

    private List<String> list(String path) {
        OpenFile d = ovfs.open(ofs, ROOT, null, path, O_RDONLY | O_DIRECTORY, 0, blocker);
        List<String> names = new ArrayList<>();
        d.iterate((n, ino, type, next) -> names.add(n));
        d.put();
        return names;
    }

    private Stat ostat(String p) {
        return ovfs.stat(ofs, ROOT, null, p, AT_SYMLINK_NOFOLLOW);
    }

    @Test
    void lowerFilesShowThrough() {
        assertEquals("root:x:0:0", read(ovfs, ofs, "/etc/passwd"));
        assertEquals("root:x:0:0", read(ovfs, ofs, "/etc/link"));
        Stat st = ostat("/etc/passwd");
        assertEquals(7, st.uid);
        assertEquals(lowerVfs.stat(lfs, ROOT, null, "/etc/passwd", 0).ino, st.ino);
        assertEquals(ovfs.namespace().root().sb().dev(), st.dev);
    }

    @Test
    void writeCopiesUpAndLeavesTheLowerUnchanged() {
        long ino = ostat("/etc/passwd").ino;
        OpenFile f = ovfs.open(ofs, ROOT, null, "/etc/passwd", O_WRONLY | O_APPEND, 0, blocker);
        f.write(ByteBuffer.wrap("\nuser:x:1000".getBytes()), blocker);
        f.put();
        assertEquals("root:x:0:0\nuser:x:1000", read(ovfs, ofs, "/etc/passwd"));
        assertEquals("root:x:0:0", read(lowerVfs, lfs, "/etc/passwd"));
        Stat st = ostat("/etc/passwd");
        assertEquals(ino, st.ino, "the inode number survives copy-up");
        assertEquals(7, st.uid, "ownership is copied up");
        assertArrayEquals("t".getBytes(), ovfs.getxattr(ofs, ROOT, null, "/etc/passwd", "user.tag", true));
        assertEquals(List.of("user.tag"), ovfs.listxattr(ofs, ROOT, null, "/etc/passwd", true), "overlay's own xattrs stay hidden");
    }

    @Test
    void copyUpKeepsSparseFilesSparse() {
        ovfs.chmod(ofs, ROOT, null, "/big", 0600, 0);
        Stat st = ostat("/big");
        assertEquals((1 << 20) + 1, st.size);
        assertEquals(8, st.blocks);
    }

    @Test
    void chmodCopiesUpParentsToo() {
        ovfs.chmod(ofs, ROOT, null, "/etc/sub/deep", 0600, 0);
        assertEquals(0600, ostat("/etc/sub/deep").mode & 07777);
        assertEquals(0644, lowerVfs.stat(lfs, ROOT, null, "/etc/sub/deep", 0).mode & 07777);
        assertEquals("deep", read(ovfs, ofs, "/etc/sub/deep"));
    }

    @Test
    void deletingALowerFileLeavesAWhiteout() {
        ovfs.unlink(ofs, ROOT, null, "/etc/passwd");
        assertErrno(Errno.ENOENT, () -> ostat("/etc/passwd"));
        assertFalse(list("/etc").contains("passwd"));
        assertEquals("root:x:0:0", read(lowerVfs, lfs, "/etc/passwd"));
        write(ovfs, ofs, "/etc/passwd", "new");
        assertEquals("new", read(ovfs, ofs, "/etc/passwd"));
        assertEquals(1, list("/etc").stream().filter("passwd"::equals).count());
    }

    @Test
    void removingALowerDirectoryAndRecreatingItMakesItOpaque() {
        ovfs.unlink(ofs, ROOT, null, "/etc/sub/deep");
        assertEquals(List.of(".", ".."), list("/etc/sub"));
        ovfs.rmdir(ofs, ROOT, null, "/etc/sub");
        assertErrno(Errno.ENOENT, () -> ostat("/etc/sub"));
        ovfs.mkdir(ofs, ROOT, null, "/etc/sub", 0755);
        assertEquals(List.of(".", ".."), list("/etc/sub"), "the lower's entries must not reappear");
        assertTrue(lowerVfs.stat(lfs, ROOT, null, "/etc/sub/deep", 0).size > 0);
    }

    @Test
    void nonEmptyMergedDirectoryCannotBeRemoved() {
        assertErrno(Errno.ENOTEMPTY, () -> ovfs.rmdir(ofs, ROOT, null, "/etc/sub"));
    }

    @Test
    void readdirMergesBothLayers() {
        write(ovfs, ofs, "/etc/hosts", "127.0.0.1");
        List<String> names = list("/etc");
        assertTrue(names.containsAll(List.of(".", "..", "sub", "passwd", "link", "hosts")), names.toString());
        assertEquals(6, names.size());
        assertEquals("127.0.0.1", read(ovfs, ofs, "/etc/hosts"));
        assertErrno(Errno.ENOENT, () -> lowerVfs.stat(lfs, ROOT, null, "/etc/hosts", 0));
    }

    @Test
    void renameOfALowerFileCopiesUpAndWhitesOutTheOldName() {
        ovfs.rename(ofs, ROOT, null, "/etc/passwd", null, "/etc/passwd.bak", 0);
        assertErrno(Errno.ENOENT, () -> ostat("/etc/passwd"));
        assertEquals("root:x:0:0", read(ovfs, ofs, "/etc/passwd.bak"));
        assertFalse(list("/etc").contains("passwd"));
    }

    @Test
    void renameOfALowerDirectoryIsExdev() {
        assertErrno(Errno.EXDEV, () -> ovfs.rename(ofs, ROOT, null, "/etc/sub", null, "/etc/sub2", 0));
        ovfs.mkdir(ofs, ROOT, null, "/new", 0755);
        ovfs.rename(ofs, ROOT, null, "/new", null, "/new2", 0);
    }

    @Test
    void newDirectoryRenamedOverALowerNameDoesNotMerge() {
        ovfs.mkdir(ofs, ROOT, null, "/fresh", 0755);
        ovfs.unlink(ofs, ROOT, null, "/etc/sub/deep");
        ovfs.rmdir(ofs, ROOT, null, "/etc/sub");
        ovfs.rename(ofs, ROOT, null, "/fresh", null, "/etc/sub", 0);
        assertEquals(List.of(".", ".."), list("/etc/sub"));
    }

    @Test
    void hardLinkOfALowerFileCopiesItUp() {
        ovfs.link(ofs, ROOT, null, "/etc/passwd", null, "/etc/pw2", 0);
        assertEquals(ostat("/etc/passwd").ino, ostat("/etc/pw2").ino);
        assertEquals(2, ostat("/etc/pw2").nlink);
    }

    @Test
    void truncateOnOpenCopiesUpEmpty() {
        ovfs.open(ofs, ROOT, null, "/etc/passwd", O_WRONLY | O_TRUNC, 0, blocker).put();
        assertEquals(0, ostat("/etc/passwd").size);
        assertEquals(10, lowerVfs.stat(lfs, ROOT, null, "/etc/passwd", 0).size);
    }

    @Test
    void readersBeforeCopyUpKeepReadingTheLower() {
        OpenFile r = ovfs.open(ofs, ROOT, null, "/etc/passwd", O_RDONLY, 0, blocker);
        write(ovfs, ofs, "/etc/passwd", "changed");
        assertEquals("root:x:0:0", readAll(r));
        r.put();
        assertEquals("changed", read(ovfs, ofs, "/etc/passwd"));
    }

    @Test
    void seekingWorksThroughTheOverlay() {
        OpenFile r = ovfs.open(ofs, ROOT, null, "/etc/passwd", O_RDONLY, 0, blocker);
        r.lseek(5, SEEK_SET);
        assertEquals(7, r.lseek(2, SEEK_CUR));
        assertEquals(8, r.lseek(-2, SEEK_END));
        assertEquals(":0", readAll(r));
        r.put();
    }

    @Test
    void statfsSaysOverlay() {
        assertEquals(OverlaySuperBlock.OVERLAYFS_MAGIC, ovfs.statfs(ofs, ROOT, null, "/").type);
    }

    @Test
    void symlinkCopyUpKeepsTheTarget() {
        ovfs.chown(ofs, ROOT, null, "/etc/link", 3, 3, AT_SYMLINK_NOFOLLOW);
        assertEquals("passwd", ovfs.readlink(ofs, ROOT, null, "/etc/link"));
        assertEquals(3, ostat("/etc/link").uid);
    }
}
