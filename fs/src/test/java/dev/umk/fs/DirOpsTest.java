package dev.umk.fs;

import static dev.umk.core.abi.FileFlags.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Stat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DirOpsTest extends FsTestKit {
    @BeforeEach
    void tree() {
        mkdir("/d", 0755);
        vfs.chmod(fs, ROOT, null, "/d", 0777, 0);
        writeFile("/d/f", "x");
    }

    @Test
    void mkdirCountsLinks() {
        long before = stat("/d").nlink;
        mkdir("/d/sub", 0755);
        assertEquals(before + 1, stat("/d").nlink);
        assertEquals(2, stat("/d/sub").nlink);
        assertEquals(S_IFDIR | 0755, stat("/d/sub").mode);
        vfs.rmdir(fs, ROOT, null, "/d/sub");
        assertEquals(before, stat("/d").nlink);
    }

    @Test
    void mkdirOfExistingNameIsEexist() {
        assertErrno(Errno.EEXIST, () -> mkdir("/d/f", 0755));
        assertErrno(Errno.EEXIST, () -> mkdir("/d", 0755));
        assertErrno(Errno.EEXIST, () -> mkdir("/d/.", 0755));
        assertErrno(Errno.EEXIST, () -> mkdir("/", 0755));
        mkdir("/d/withslash/", 0755);
    }

    @Test
    void trailingSlashOnNonDirectoryCreateIsEnoent() {
        assertErrno(Errno.ENOENT, () -> vfs.symlink(fs, ROOT, "x", null, "/d/s/"));
        assertErrno(Errno.ENOENT, () -> vfs.mknod(fs, ROOT, null, "/d/n/", S_IFIFO | 0644, 0));
        assertErrno(Errno.EEXIST, () -> vfs.symlink(fs, ROOT, "x", null, "/d/f/"));
    }

    @Test
    void rmdirRules() {
        mkdir("/d/sub", 0755);
        writeFile("/d/sub/x", "");
        assertErrno(Errno.ENOTEMPTY, () -> vfs.rmdir(fs, ROOT, null, "/d/sub"));
        assertErrno(Errno.ENOTDIR, () -> vfs.rmdir(fs, ROOT, null, "/d/f"));
        assertErrno(Errno.EINVAL, () -> vfs.rmdir(fs, ROOT, null, "/d/sub/."));
        assertErrno(Errno.ENOTEMPTY, () -> vfs.rmdir(fs, ROOT, null, "/d/sub/.."));
        assertErrno(Errno.EBUSY, () -> vfs.rmdir(fs, ROOT, null, "/"));
        assertErrno(Errno.ENOENT, () -> vfs.rmdir(fs, ROOT, null, "/d/none"));
        vfs.unlink(fs, ROOT, null, "/d/sub/x");
        vfs.rmdir(fs, ROOT, null, "/d/sub/");
        assertFalse(exists("/d/sub"));
    }

    @Test
    void unlinkRules() {
        mkdir("/d/sub", 0755);
        assertErrno(Errno.EISDIR, () -> vfs.unlink(fs, ROOT, null, "/d/sub"));
        assertErrno(Errno.EISDIR, () -> vfs.unlink(fs, ROOT, null, "/d/sub/"));
        assertErrno(Errno.ENOTDIR, () -> vfs.unlink(fs, ROOT, null, "/d/f/"));
        assertErrno(Errno.ENOENT, () -> vfs.unlink(fs, ROOT, null, "/d/none/"));
        assertErrno(Errno.EISDIR, () -> vfs.unlink(fs, ROOT, null, "/d/."));
        assertErrno(Errno.EINVAL, () -> vfs.unlinkat(fs, ROOT, null, "/d/f", 1));
        vfs.unlinkat(fs, ROOT, null, "/d/sub", AT_REMOVEDIR);
        vfs.unlink(fs, ROOT, null, "/d/f");
        assertFalse(exists("/d/f"));
    }

    @Test
    void hardLinksShareTheInode() {
        vfs.link(fs, ROOT, null, "/d/f", null, "/d/g", 0);
        assertEquals(stat("/d/f").ino, stat("/d/g").ino);
        assertEquals(2, stat("/d/f").nlink);
        vfs.unlink(fs, ROOT, null, "/d/f");
        assertEquals(1, stat("/d/g").nlink);
        assertEquals("x", readFile("/d/g"));
    }

    @Test
    void linkRules() {
        mkdir("/d/sub", 0755);
        assertErrno(Errno.EPERM, () -> vfs.link(fs, ROOT, null, "/d/sub", null, "/d/sub2", 0));
        assertErrno(Errno.EEXIST, () -> vfs.link(fs, ROOT, null, "/d/f", null, "/d/sub", 0));
        assertErrno(Errno.ENOENT, () -> vfs.link(fs, ROOT, null, "/d/none", null, "/d/x", 0));
        assertErrno(Errno.ENOENT, () -> vfs.link(fs, ROOT, null, "/d/f", null, "/d/x/", 0));
        assertErrno(Errno.EINVAL, () -> vfs.link(fs, ROOT, null, "/d/f", null, "/d/x", 0x1));
    }

    @Test
    void linkToSymlinkLinksTheSymlinkUnlessFollow() {
        vfs.symlink(fs, ROOT, "f", null, "/d/s");
        vfs.link(fs, ROOT, null, "/d/s", null, "/d/s2", 0);
        assertTrue(isLnk(lstat("/d/s2").mode));
        vfs.link(fs, ROOT, null, "/d/s", null, "/d/s3", AT_SYMLINK_FOLLOW);
        assertEquals(stat("/d/f").ino, lstat("/d/s3").ino);
    }

    @Test
    void linkAcrossMountsIsExdev() {
        mkdir("/mnt", 0755);
        vfs.mount(fs, ROOT, "tmpfs", null, "/mnt", "tmpfs", 0, "");
        assertErrno(Errno.EXDEV, () -> vfs.link(fs, ROOT, null, "/d/f", null, "/mnt/f", 0));
    }

    @Test
    void mknodTypes() {
        vfs.mknod(fs, ROOT, null, "/d/fifo", S_IFIFO | 0644, 0);
        vfs.mknod(fs, ROOT, null, "/d/reg", 0644, 0);
        vfs.mknod(fs, ROOT, null, "/d/chr", S_IFCHR | 0600, Stat.makedev(1, 3));
        assertTrue(isFifo(stat("/d/fifo").mode));
        assertTrue(isReg(stat("/d/reg").mode));
        assertEquals(Stat.makedev(1, 3), stat("/d/chr").rdev);
        assertErrno(Errno.EPERM, () -> vfs.mknod(fs, ROOT, null, "/d/dir", S_IFDIR | 0755, 0));
        assertErrno(Errno.EINVAL, () -> vfs.mknod(fs, ROOT, null, "/d/bad", 0170000, 0));
        assertErrno(Errno.EPERM, () -> vfs.mknod(fs, USER, null, "/d/chr2", S_IFCHR | 0600, Stat.makedev(1, 3)));
        vfs.mknod(fs, USER, null, "/d/whiteout", S_IFCHR, 0);
        vfs.mknod(fs, USER, null, "/d/fifo2", S_IFIFO | 0600, 0);
    }

    @Test
    void symlinkRules() {
        assertErrno(Errno.ENOENT, () -> vfs.symlink(fs, ROOT, "", null, "/d/e"));
        assertErrno(Errno.ENAMETOOLONG, () -> vfs.symlink(fs, ROOT, "x".repeat(4096), null, "/d/e"));
        vfs.symlink(fs, ROOT, "x".repeat(4095), null, "/d/long");
        assertEquals(4095, vfs.readlink(fs, ROOT, null, "/d/long").length());
        assertEquals(S_IFLNK | 0777, lstat("/d/long").mode);
        assertErrno(Errno.EINVAL, () -> vfs.readlink(fs, ROOT, null, "/d/f"));
    }

    @Test
    void stickyDirectoryProtectsOthersFiles() {
        mkdir("/tmp", 0777);
        vfs.chmod(fs, ROOT, null, "/tmp", 01777, 0);
        vfs.open(fs, USER, null, "/tmp/u", O_CREAT | O_WRONLY, 0666, blocker).put();
        vfs.chmod(fs, USER, null, "/tmp/u", 0666, 0);
        assertErrno(Errno.EPERM, () -> vfs.unlink(fs, OTHER, null, "/tmp/u"));
        assertErrno(Errno.EPERM, () -> vfs.rename(fs, OTHER, null, "/tmp/u", null, "/tmp/v", 0));
        vfs.unlink(fs, USER, null, "/tmp/u");
    }

    @Test
    void deletingNeedsWriteOnTheDirectory() {
        vfs.chmod(fs, ROOT, null, "/d", 0755, 0);
        assertErrno(Errno.EACCES, () -> vfs.unlink(fs, USER, null, "/d/f"));
    }

    @Test
    void removedCwdRejectsCreationAndGetcwd() {
        FsContext c = newContext();
        mkdir("/d/gone", 0755);
        vfs.chdir(c, ROOT, null, "/d/gone");
        vfs.rmdir(fs, ROOT, null, "/d/gone");
        assertErrno(Errno.ENOENT, () -> vfs.getcwd(c));
        assertErrno(Errno.ENOENT, () -> vfs.mkdir(c, ROOT, null, "x", 0755));
        assertErrno(Errno.ENOENT, () -> vfs.open(c, ROOT, null, "x", O_CREAT | O_WRONLY, 0644, blocker));
        assertEquals(stat("/d").ino, vfs.stat(c, ROOT, null, "..", 0).ino);
    }

    @Test
    void readOnlyMountRefusesChanges() {
        mkdir("/ro", 0755);
        vfs.mount(fs, ROOT, "tmpfs", null, "/ro", "tmpfs", MountFlags.MS_RDONLY, "");
        assertErrno(Errno.EROFS, () -> mkdir("/ro/x", 0755));
        assertErrno(Errno.EROFS, () -> open("/ro/x", O_CREAT | O_WRONLY, 0644));
        assertErrno(Errno.EROFS, () -> vfs.chmod(fs, ROOT, null, "/ro", 0700, 0));
        assertErrno(Errno.EEXIST, () -> mkdir("/ro", 0755));
        assertErrno(Errno.EISDIR, () -> open("/ro", O_RDONLY | O_TRUNC, 0));
    }
}
