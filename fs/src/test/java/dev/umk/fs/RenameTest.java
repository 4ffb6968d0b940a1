package dev.umk.fs;

import static dev.umk.core.abi.FileFlags.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RenameTest extends FsTestKit {
    @BeforeEach
    void tree() {
        mkdir("/a", 0755);
        mkdir("/b", 0755);
        writeFile("/a/f", "f");
        writeFile("/b/g", "g");
        mkdir("/a/dir", 0755);
        writeFile("/a/dir/inner", "i");
        mkdir("/b/empty", 0755);
    }

    private void rename(String from, String to, int flags) {
        vfs.rename(fs, ROOT, null, from, null, to, flags);
    }

    @Test
    void renameMovesAFile() {
        long ino = stat("/a/f").ino;
        rename("/a/f", "/b/f2", 0);
        assertFalse(exists("/a/f"));
        assertEquals(ino, stat("/b/f2").ino);
        assertEquals("f", readFile("/b/f2"));
    }

    @Test
    void renameReplacesAFile() {
        long ino = stat("/a/f").ino;
        rename("/a/f", "/b/g", 0);
        assertEquals(ino, stat("/b/g").ino);
        assertEquals("f", readFile("/b/g"));
    }

    @Test
    void directoryMoveFixesLinkCounts() {
        long a = stat("/a").nlink, b = stat("/b").nlink;
        rename("/a/dir", "/b/dir", 0);
        assertEquals(a - 1, stat("/a").nlink);
        assertEquals(b + 1, stat("/b").nlink);
        assertEquals("i", readFile("/b/dir/inner"));
    }

    @Test
    void directoryReplacesOnlyAnEmptyDirectory() {
        long b = stat("/b").nlink;
        rename("/a/dir", "/b/empty", 0);
        assertEquals("i", readFile("/b/empty/inner"));
        assertEquals(b, stat("/b").nlink);
        mkdir("/a/full", 0755);
        writeFile("/a/full/x", "");
        assertErrno(Errno.ENOTEMPTY, () -> rename("/b/empty", "/a/full", 0));
    }

    @Test
    void typeMismatchesFail() {
        assertErrno(Errno.EISDIR, () -> rename("/a/f", "/b/empty", 0));
        assertErrno(Errno.ENOTDIR, () -> rename("/a/dir", "/b/g", 0));
        assertErrno(Errno.ENOTDIR, () -> rename("/a/f/", "/b/x", 0));
        assertErrno(Errno.ENOTDIR, () -> rename("/a/f", "/b/x/", 0));
        rename("/a/dir/", "/b/newdir/", 0);
    }

    @Test
    void directoryIntoItselfIsEinval() {
        assertErrno(Errno.EINVAL, () -> rename("/a/dir", "/a/dir/sub", 0));
        assertErrno(Errno.EINVAL, () -> rename("/a", "/a/dir/x", 0));
    }

    @Test
    void ancestorAsTargetIsEnotempty() {
        assertErrno(Errno.ENOTEMPTY, () -> rename("/a/dir/inner", "/a", 0));
    }

    @Test
    void dotsAreBusy() {
        assertErrno(Errno.EBUSY, () -> rename("/a/.", "/b/x", 0));
        assertErrno(Errno.EBUSY, () -> rename("/a/f", "/b/..", 0));
        assertErrno(Errno.EEXIST, () -> rename("/a/f", "/b/..", RENAME_NOREPLACE));
    }

    @Test
    void missingSourceIsEnoent() {
        assertErrno(Errno.ENOENT, () -> rename("/a/none", "/b/x", 0));
    }

    @Test
    void noreplaceRefusesAnExistingTarget() {
        assertErrno(Errno.EEXIST, () -> rename("/a/f", "/b/g", RENAME_NOREPLACE));
        rename("/a/f", "/b/new", RENAME_NOREPLACE);
    }

    @Test
    void exchangeSwapsNames() {
        long f = stat("/a/f").ino, d = stat("/b/empty").ino;
        long a = stat("/a").nlink, b = stat("/b").nlink;
        rename("/a/f", "/b/empty", RENAME_EXCHANGE);
        assertEquals(f, stat("/b/empty").ino);
        assertEquals(d, stat("/a/f").ino);
        assertEquals(a + 1, stat("/a").nlink);
        assertEquals(b - 1, stat("/b").nlink);
        assertErrno(Errno.ENOENT, () -> rename("/a/f", "/b/none", RENAME_EXCHANGE));
        assertErrno(Errno.EINVAL, () -> rename("/a/f", "/b/g", RENAME_EXCHANGE | RENAME_NOREPLACE));
    }

    @Test
    void whiteoutLeavesACharDevice00() {
        rename("/a/f", "/b/moved", RENAME_WHITEOUT);
        dev.umk.core.abi.Stat st = lstat("/a/f");
        assertTrue(isChr(st.mode));
        assertEquals(0, st.rdev);
        assertErrno(Errno.EPERM, () -> vfs.rename(fs, USER, null, "/b/g", null, "/b/h", RENAME_WHITEOUT));
    }

    @Test
    void unknownFlagsAreEinval() {
        assertErrno(Errno.EINVAL, () -> rename("/a/f", "/b/x", 8));
    }

    @Test
    void acrossMountsIsExdev() {
        mkdir("/mnt", 0755);
        vfs.mount(fs, ROOT, "tmpfs", null, "/mnt", "tmpfs", 0, "");
        assertErrno(Errno.EXDEV, () -> rename("/a/f", "/mnt/f", 0));
    }

    @Test
    void renameOntoAnotherLinkOfTheSameFileDoesNothing() {
        vfs.link(fs, ROOT, null, "/a/f", null, "/a/f2", 0);
        rename("/a/f", "/a/f2", 0);
        assertTrue(exists("/a/f"));
        assertTrue(exists("/a/f2"));
    }

    @Test
    void mountpointsCannotBeRenamed() {
        mkdir("/a/mnt", 0755);
        vfs.mount(fs, ROOT, "tmpfs", null, "/a/mnt", "tmpfs", 0, "");
        assertErrno(Errno.EBUSY, () -> rename("/a/mnt", "/a/mnt2", 0));
    }

    @Test
    void cwdFollowsARenamedAncestor() {
        FsContext c = newContext();
        vfs.chdir(c, ROOT, null, "/a/dir");
        rename("/a", "/z", 0);
        assertEquals("/z/dir", vfs.getcwd(c));
        assertEquals("i", readAll(vfs.open(c, ROOT, null, "inner", O_RDONLY, 0, blocker)));
    }

    @Test
    void movingADirectoryNeedsWriteOnIt() {
        vfs.chmod(fs, ROOT, null, "/a", 0777, 0);
        vfs.chmod(fs, ROOT, null, "/b", 0777, 0);
        vfs.chmod(fs, ROOT, null, "/a/dir", 0555, 0);
        vfs.chown(fs, ROOT, null, "/a/dir", 1000, 1000, 0);
        assertErrno(Errno.EACCES, () -> vfs.rename(fs, USER, null, "/a/dir", null, "/b/dir", 0));
        vfs.rename(fs, USER, null, "/a/dir", null, "/a/dir2", 0);
    }

    @Test
    void replacedTargetStaysReadableThroughOpenFiles() {
        OpenFile g = open("/b/g", O_RDONLY, 0);
        rename("/a/f", "/b/g", 0);
        assertEquals("g", readAll(g));
        assertEquals(0, g.stat().nlink);
        g.put();
    }
}
