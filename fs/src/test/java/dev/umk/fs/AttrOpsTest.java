package dev.umk.fs;

import static dev.umk.core.abi.FileFlags.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Stat;
import dev.umk.core.kernel.Credentials;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AttrOpsTest extends FsTestKit {
    @BeforeEach
    void tree() {
        writeFile("/f", "data");
        vfs.chown(fs, ROOT, null, "/f", 1000, 1000, 0);
    }

    @Test
    void onlyTheOwnerMayChmod() {
        vfs.chmod(fs, USER, null, "/f", 0600, 0);
        assertEquals(S_IFREG | 0600, stat("/f").mode);
        assertErrno(Errno.EPERM, () -> vfs.chmod(fs, OTHER, null, "/f", 0777, 0));
    }

    @Test
    void chmodDropsSetgidForNonMembers() {
        vfs.chown(fs, ROOT, null, "/f", 1000, 55, 0);
        vfs.chmod(fs, USER, null, "/f", 02755, 0);
        assertEquals(0755, stat("/f").mode & 07777);
        vfs.chmod(fs, Credentials.of(1000, 1000, 55), null, "/f", 02755, 0);
        assertEquals(02755, stat("/f").mode & 07777);
    }

    @Test
    void chmodOfASymlinkItselfIsUnsupported() {
        vfs.symlink(fs, ROOT, "f", null, "/l");
        assertErrno(Errno.EOPNOTSUPP, () -> vfs.chmod(fs, ROOT, null, "/l", 0600, AT_SYMLINK_NOFOLLOW));
        vfs.chmod(fs, ROOT, null, "/l", 0640, 0);
        assertEquals(0640, stat("/f").mode & 07777);
    }

    @Test
    void chownRules() {
        assertErrno(Errno.EPERM, () -> vfs.chown(fs, USER, null, "/f", 2000, -1, 0));
        assertErrno(Errno.EPERM, () -> vfs.chown(fs, USER, null, "/f", -1, 2000, 0));
        assertErrno(Errno.EPERM, () -> vfs.chown(fs, OTHER, null, "/f", -1, 2000, 0));
        vfs.chown(fs, USER, null, "/f", 1000, -1, 0);
        vfs.chown(fs, Credentials.of(1000, 1000, 77), null, "/f", -1, 77, 0);
        assertEquals(77, stat("/f").gid);
        vfs.chown(fs, ROOT, null, "/f", 5, 6, 0);
        assertEquals(5, stat("/f").uid);
        assertEquals(6, stat("/f").gid);
    }

    @Test
    void chownClearsSetuidEvenForRoot() {
        vfs.chmod(fs, ROOT, null, "/f", 06755, 0);
        vfs.chown(fs, ROOT, null, "/f", -1, -1, 0);
        assertEquals(0755, stat("/f").mode & 07777);
        vfs.chmod(fs, ROOT, null, "/f", 02745, 0);
        vfs.chown(fs, ROOT, null, "/f", 0, 0, 0);
        assertEquals(02745, stat("/f").mode & 07777, "set-gid without group exec is mandatory locking: kept");
    }

    @Test
    void chownOfSymlinkWithNofollowChangesTheLink() {
        vfs.symlink(fs, ROOT, "f", null, "/l");
        vfs.chown(fs, ROOT, null, "/l", 9, 9, AT_SYMLINK_NOFOLLOW);
        assertEquals(9, lstat("/l").uid);
        assertEquals(1000, stat("/f").uid);
    }

    @Test
    void utimensSetsExplicitTimes() {
        vfs.utimens(fs, ROOT, null, "/f", new long[] {100, 5, 200, UTIME_OMIT}, 0);
        Stat st = stat("/f");
        assertEquals(100, st.atimeSec);
        assertEquals(5, st.atimeNsec);
        assertNotEquals(200, st.mtimeSec);
        vfs.utimens(fs, ROOT, null, "/f", new long[] {0, UTIME_OMIT, -5, 999_999_999}, 0);
        assertEquals(-5, stat("/f").mtimeSec);
        assertEquals(100, stat("/f").atimeSec);
    }

    @Test
    void utimensPermissionRules() {
        vfs.chmod(fs, ROOT, null, "/f", 0666, 0);
        vfs.utimens(fs, OTHER, null, "/f", null, 0);
        vfs.utimens(fs, OTHER, null, "/f", new long[] {0, UTIME_NOW, 0, UTIME_NOW}, 0);
        assertErrno(Errno.EPERM, () -> vfs.utimens(fs, OTHER, null, "/f", new long[] {1, 0, 1, 0}, 0));
        vfs.chmod(fs, ROOT, null, "/f", 0644, 0);
        assertErrno(Errno.EACCES, () -> vfs.utimens(fs, OTHER, null, "/f", null, 0));
        vfs.utimens(fs, USER, null, "/f", new long[] {1, 0, 1, 0}, 0);
    }

    @Test
    void utimensValidatesNanoseconds() {
        assertErrno(Errno.EINVAL, () -> vfs.utimens(fs, ROOT, null, "/f", new long[] {0, 1_000_000_000L, 0, 0}, 0));
        assertErrno(Errno.EINVAL, () -> vfs.utimens(fs, ROOT, null, "/f", null, 0x4));
        vfs.utimens(fs, ROOT, null, "/nonexistent", new long[] {0, UTIME_OMIT, 0, UTIME_OMIT}, 0);
    }

    @Test
    void truncateRules() {
        assertErrno(Errno.EINVAL, () -> vfs.truncate(fs, ROOT, null, "/f", -1));
        mkdir("/d", 0755);
        assertErrno(Errno.EISDIR, () -> vfs.truncate(fs, ROOT, null, "/d", 0));
        vfs.chmod(fs, ROOT, null, "/f", 0444, 0);
        assertErrno(Errno.EACCES, () -> vfs.truncate(fs, USER, null, "/f", 0));
        vfs.mknod(fs, ROOT, null, "/fifo", S_IFIFO | 0666, 0);
        assertErrno(Errno.EINVAL, () -> vfs.truncate(fs, ROOT, null, "/fifo", 0));
    }

    @Test
    void ftruncateNeedsAWritableRegularFile() {
        OpenFile r = open("/f", O_RDONLY, 0);
        assertErrno(Errno.EINVAL, () -> vfs.ftruncate(r, 0));
        OpenFile w = open("/f", O_WRONLY, 0);
        vfs.ftruncate(w, 2);
        assertEquals(2, w.stat().size);
        assertErrno(Errno.EINVAL, () -> vfs.ftruncate(w, -1));
        r.put();
        w.put();
    }

    @Test
    void truncateToSameSizeKeepsMtime() {
        long m = stat("/f").mtimeNsec;
        vfs.truncate(fs, ROOT, null, "/f", 4);
        assertEquals(m, stat("/f").mtimeNsec);
        vfs.truncate(fs, ROOT, null, "/f", 5);
        assertNotEquals(m, stat("/f").mtimeNsec);
    }

    @Test
    void accessUsesRealIds() {
        vfs.chmod(fs, ROOT, null, "/f", 0600, 0);
        Credentials setuidToUser = new Credentials(2000, 1000, 1000, 1000, 2000, 2000, 2000, 2000, new int[0]);
        vfs.open(fs, setuidToUser, null, "/f", O_RDONLY, 0, blocker).put();
        assertErrno(Errno.EACCES, () -> vfs.access(fs, setuidToUser, null, "/f", R_OK, 0));
        vfs.access(fs, setuidToUser, null, "/f", R_OK, AT_EACCESS);
        vfs.access(fs, setuidToUser, null, "/f", F_OK, 0);
        assertErrno(Errno.EINVAL, () -> vfs.access(fs, USER, null, "/f", 8, 0));
        assertErrno(Errno.ENOENT, () -> vfs.access(fs, USER, null, "/none", F_OK, 0));
    }

    @Test
    void accessForRootExecNeedsAnXBit() {
        vfs.chmod(fs, ROOT, null, "/f", 0666, 0);
        assertErrno(Errno.EACCES, () -> vfs.access(fs, ROOT, null, "/f", X_OK, 0));
        vfs.access(fs, ROOT, null, "/f", R_OK | W_OK, 0);
        vfs.chmod(fs, ROOT, null, "/f", 0010, 0);
        vfs.access(fs, ROOT, null, "/f", X_OK, 0);
    }

    @Test
    void accessWriteOnReadOnlyMountIsErofs() {
        mkdir("/ro", 0755);
        vfs.mount(fs, ROOT, "tmpfs", null, "/ro", "tmpfs", MountFlags.MS_RDONLY, "");
        assertErrno(Errno.EROFS, () -> vfs.access(fs, ROOT, null, "/ro", W_OK, 0));
        vfs.access(fs, ROOT, null, "/ro", R_OK, 0);
    }

    @Test
    void statFlagsAreValidated() {
        assertErrno(Errno.EINVAL, () -> vfs.stat(fs, ROOT, null, "/f", 0x1));
        assertEquals(4, vfs.stat(fs, ROOT, null, "/f", AT_STATX_DONT_SYNC).size);
    }

    @Test
    void statReportsDevAndMountId() {
        Stat st = stat("/f");
        assertEquals(vfs.namespace().root().sb().dev(), st.dev);
        assertEquals(vfs.namespace().root().id(), st.mountId);
        assertEquals(1, st.nlink);
        assertEquals(4096, st.blksize);
        assertEquals(8, st.blocks);
    }
}
