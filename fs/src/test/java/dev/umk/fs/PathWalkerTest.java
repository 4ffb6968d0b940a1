package dev.umk.fs;

import static dev.umk.core.abi.FileFlags.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PathWalkerTest extends FsTestKit {
    @BeforeEach
    void tree() {
        mkdir("/a", 0755);
        mkdir("/a/b", 0755);
        writeFile("/a/b/f", "data");
        vfs.symlink(fs, ROOT, "b/f", null, "/a/rel");
        vfs.symlink(fs, ROOT, "/a/b", null, "/abs");
        vfs.symlink(fs, ROOT, "nowhere", null, "/dangling");
    }

    @Test
    void absoluteAndRelativeReachTheSameInode() {
        long ino = stat("/a/b/f").ino;
        vfs.chdir(fs, ROOT, null, "/a");
        assertEquals(ino, vfs.stat(fs, ROOT, null, "b/f", 0).ino);
        assertEquals(ino, vfs.stat(fs, ROOT, null, "./b/../b/./f", 0).ino);
        assertEquals(ino, stat("//a///b//f").ino);
    }

    @Test
    void startDirectoryIsUsedForRelativePathsOnly() {
        VfsPath b = vfs.walker().lookup(fs.root(), fs.cwd(), ROOT, "/a/b", 0);
        assertEquals(stat("/a/b/f").ino, vfs.stat(fs, ROOT, b, "f", 0).ino);
        assertEquals(stat("/a").ino, vfs.stat(fs, ROOT, b, "/a", 0).ino);
    }

    @Test
    void dotDotStopsAtRoot() {
        assertEquals(stat("/").ino, stat("/../../..").ino);
        assertEquals(stat("/a").ino, stat("/../a").ino);
    }

    @Test
    void symlinksAreFollowedInTheMiddleAndAtTheEnd() {
        assertEquals(stat("/a/b/f").ino, stat("/a/rel").ino);
        assertEquals(stat("/a/b/f").ino, stat("/abs/f").ino);
        assertTrue(isLnk(lstat("/a/rel").mode));
        assertEquals(3, lstat("/a/rel").size);
    }

    @Test
    void danglingSymlinkIsEnoentButLstatWorks() {
        assertErrno(Errno.ENOENT, () -> stat("/dangling"));
        assertTrue(isLnk(lstat("/dangling").mode));
    }

    @Test
    void fortySymlinksAreFineAndFortyOneLoop() {
        vfs.symlink(fs, ROOT, "/a/b/f", null, "/l0");
        for (int i = 1; i <= 40; i++) vfs.symlink(fs, ROOT, "/l" + (i - 1), null, "/l" + i);
        assertEquals(stat("/a/b/f").ino, stat("/l39").ino);
        assertErrno(Errno.ELOOP, () -> stat("/l40"));
    }

    @Test
    void selfLoopIsEloop() {
        vfs.symlink(fs, ROOT, "loop", null, "/loop");
        assertErrno(Errno.ELOOP, () -> stat("/loop"));
        assertErrno(Errno.ELOOP, () -> stat("/loop/x"));
    }

    @Test
    void trailingSlashRequiresDirectory() {
        assertErrno(Errno.ENOTDIR, () -> stat("/a/b/f/"));
        assertEquals(stat("/a/b").ino, stat("/a/b/").ino);
        assertEquals(stat("/a/b").ino, lstat("/abs/").ino);
        assertErrno(Errno.ENOTDIR, () -> lstat("/a/rel/"));
    }

    @Test
    void nonDirectoryInTheMiddleIsEnotdir() {
        assertErrno(Errno.ENOTDIR, () -> stat("/a/b/f/x"));
        assertErrno(Errno.ENOTDIR, () -> stat("/a/rel/x"));
        assertErrno(Errno.ENOENT, () -> stat("/a/missing/x"));
    }

    @Test
    void relativeWalkFromANonDirectoryIsEnotdir() {
        VfsPath f = vfs.walker().lookup(fs.root(), fs.cwd(), ROOT, "/a/b/f", 0);
        assertErrno(Errno.ENOTDIR, () -> vfs.stat(fs, ROOT, f, "x", 0));
        assertEquals(stat("/a/b/f").ino, vfs.stat(fs, ROOT, f, "", AT_EMPTY_PATH).ino);
    }

    @Test
    void emptyPathIsEnoent() {
        assertErrno(Errno.ENOENT, () -> stat(""));
    }

    @Test
    void longComponentIsEnametoolong() {
        String c255 = "x".repeat(255), c256 = "x".repeat(256);
        assertErrno(Errno.ENOENT, () -> stat("/a/" + c255));
        assertErrno(Errno.ENAMETOOLONG, () -> stat("/a/" + c256));
        assertErrno(Errno.ENOENT, () -> stat("/missing/" + c256));
        assertErrno(Errno.ENAMETOOLONG, () -> mkdir("/a/" + c256, 0755));
        mkdir("/a/" + c255, 0755);
    }

    @Test
    void pathOf4096BytesIsEnametoolong() {
        String p4095 = "//" + "./".repeat(2045) + "a/b";
        assertEquals(4095, p4095.length());
        assertEquals(stat("/a/b").ino, stat(p4095).ino);
        assertErrno(Errno.ENAMETOOLONG, () -> stat(p4095 + "/"));
    }

    @Test
    void searchPermissionIsNeededOnEveryDirectory() {
        vfs.chmod(fs, ROOT, null, "/a", 0700, 0);
        assertErrno(Errno.EACCES, () -> vfs.stat(fs, USER, null, "/a/b/f", 0));
        assertErrno(Errno.EACCES, () -> vfs.stat(fs, USER, null, "/a/.", 0));
        vfs.chmod(fs, ROOT, null, "/a", 0711, 0);
        assertEquals(4, vfs.stat(fs, USER, null, "/a/b/f", 0).size);
    }

    @Test
    void rootSearchesAnyDirectory() {
        vfs.chmod(fs, ROOT, null, "/a", 0, 0);
        assertEquals(4, stat("/a/b/f").size);
    }

    @Test
    void groupPermissionsApplyToMembers() {
        vfs.chown(fs, ROOT, null, "/a", 0, 500, 0);
        vfs.chmod(fs, ROOT, null, "/a", 0710, 0);
        assertErrno(Errno.EACCES, () -> vfs.stat(fs, USER, null, "/a/b", 0));
        assertEquals(stat("/a/b").ino, vfs.stat(fs, dev.umk.core.kernel.Credentials.of(1000, 1000, 500), null, "/a/b", 0).ino);
    }

    @Test
    void ownerBitsWinOverGroupBits() {
        vfs.chown(fs, ROOT, null, "/a", 1000, 1000, 0);
        vfs.chmod(fs, ROOT, null, "/a", 0070, 0);
        assertErrno(Errno.EACCES, () -> vfs.stat(fs, USER, null, "/a/b", 0));
    }

    @Test
    void chrootConfinesDotDotAndAbsolutePaths() {
        FsContext c = newContext();
        vfs.chroot(c, ROOT, null, "/a");
        vfs.chdir(c, ROOT, null, "/");
        assertEquals(stat("/a/b").ino, vfs.stat(c, ROOT, null, "/b", 0).ino);
        assertEquals(stat("/a").ino, vfs.stat(c, ROOT, null, "../../..", 0).ino);
        vfs.symlink(fs, ROOT, "/b/f", null, "/a/b/inner");
        assertEquals(stat("/a/b/f").ino, vfs.stat(c, ROOT, null, "/b/inner", 0).ino);
        assertEquals("/", vfs.getcwd(c));
    }

    @Test
    void nonRootCannotChroot() {
        assertErrno(Errno.EPERM, () -> vfs.chroot(newContext(), USER, null, "/a"));
        assertErrno(Errno.ENOTDIR, () -> vfs.chroot(newContext(), USER, null, "/a/b/f"));
    }

    @Test
    void chdirNeedsADirectoryWithSearchPermission() {
        assertErrno(Errno.ENOTDIR, () -> vfs.chdir(fs, ROOT, null, "/a/b/f"));
        vfs.chmod(fs, ROOT, null, "/a/b", 0600, 0);
        assertErrno(Errno.EACCES, () -> vfs.chdir(fs, USER, null, "/a/b"));
        vfs.chdir(fs, ROOT, null, "/abs");
        assertEquals("/a/b", vfs.getcwd(fs));
    }
}
