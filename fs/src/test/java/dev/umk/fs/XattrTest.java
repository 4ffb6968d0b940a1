package dev.umk.fs;

import static dev.umk.core.abi.FileFlags.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class XattrTest extends FsTestKit {
    @BeforeEach
    void tree() {
        writeFile("/f", "");
        vfs.chown(fs, ROOT, null, "/f", 1000, 1000, 0);
        vfs.symlink(fs, ROOT, "f", null, "/l");
    }

    @Test
    void userXattrsRoundTrip() {
        vfs.setxattr(fs, USER, null, "/f", "user.k", "v".getBytes(), 0, true);
        assertArrayEquals("v".getBytes(), vfs.getxattr(fs, USER, null, "/f", "user.k", true));
        assertEquals(List.of("user.k"), vfs.listxattr(fs, USER, null, "/f", true));
        vfs.removexattr(fs, USER, null, "/f", "user.k", true);
        assertErrno(Errno.ENODATA, () -> vfs.getxattr(fs, USER, null, "/f", "user.k", true));
        assertErrno(Errno.ENODATA, () -> vfs.removexattr(fs, USER, null, "/f", "user.k", true));
    }

    @Test
    void createAndReplaceFlags() {
        assertErrno(Errno.ENODATA, () -> vfs.setxattr(fs, ROOT, null, "/f", "user.k", new byte[1], XATTR_REPLACE, true));
        vfs.setxattr(fs, ROOT, null, "/f", "user.k", new byte[1], XATTR_CREATE, true);
        assertErrno(Errno.EEXIST, () -> vfs.setxattr(fs, ROOT, null, "/f", "user.k", new byte[1], XATTR_CREATE, true));
        vfs.setxattr(fs, ROOT, null, "/f", "user.k", new byte[2], XATTR_REPLACE, true);
        assertEquals(2, vfs.getxattr(fs, ROOT, null, "/f", "user.k", true).length);
        assertErrno(Errno.EINVAL, () -> vfs.setxattr(fs, ROOT, null, "/f", "user.k", new byte[1], 4, true));
    }

    @Test
    void namesAndSizesAreLimited() {
        assertErrno(Errno.ERANGE, () -> vfs.setxattr(fs, ROOT, null, "/f", "", new byte[0], 0, true));
        assertErrno(Errno.ERANGE, () -> vfs.setxattr(fs, ROOT, null, "/f", "user." + "x".repeat(251), new byte[0], 0, true));
        assertErrno(Errno.E2BIG, () -> vfs.setxattr(fs, ROOT, null, "/f", "user.k", new byte[65537], 0, true));
        assertErrno(Errno.EOPNOTSUPP, () -> vfs.setxattr(fs, ROOT, null, "/f", "bogus.k", new byte[0], 0, true));
        assertErrno(Errno.EOPNOTSUPP, () -> vfs.getxattr(fs, ROOT, null, "/f", "system.posix_acl_access", true));
        vfs.setxattr(fs, ROOT, null, "/f", "user." + "x".repeat(250), new byte[65536], 0, true);
    }

    @Test
    void trustedNeedsAdmin() {
        vfs.setxattr(fs, ROOT, null, "/f", "trusted.t", new byte[] {1}, 0, true);
        assertErrno(Errno.EPERM, () -> vfs.setxattr(fs, USER, null, "/f", "trusted.t", new byte[1], 0, true));
        assertErrno(Errno.ENODATA, () -> vfs.getxattr(fs, USER, null, "/f", "trusted.t", true));
        assertEquals(List.of(), vfs.listxattr(fs, USER, null, "/f", true));
        assertEquals(List.of("trusted.t"), vfs.listxattr(fs, ROOT, null, "/f", true));
    }

    @Test
    void userXattrsNeedFilePermissions() {
        vfs.chmod(fs, ROOT, null, "/f", 0600, 0);
        assertErrno(Errno.EACCES, () -> vfs.setxattr(fs, OTHER, null, "/f", "user.k", new byte[1], 0, true));
        assertErrno(Errno.EACCES, () -> vfs.getxattr(fs, OTHER, null, "/f", "user.k", true));
    }

    @Test
    void userXattrsOnSymlinksAreRefused() {
        assertErrno(Errno.EPERM, () -> vfs.setxattr(fs, ROOT, null, "/l", "user.k", new byte[1], 0, false));
        assertErrno(Errno.ENODATA, () -> vfs.getxattr(fs, ROOT, null, "/l", "user.k", false));
        vfs.setxattr(fs, ROOT, null, "/l", "trusted.k", new byte[1], 0, false);
        vfs.setxattr(fs, ROOT, null, "/l", "user.k", new byte[1], 0, true);
        assertEquals(List.of("user.k"), vfs.listxattr(fs, ROOT, null, "/f", true));
    }

    @Test
    void fdXattrs() {
        OpenFile f = open("/f", O_RDONLY, 0);
        vfs.fsetxattr(f, ROOT, "user.a", new byte[] {7}, 0);
        assertArrayEquals(new byte[] {7}, vfs.fgetxattr(f, ROOT, "user.a"));
        assertEquals(List.of("user.a"), vfs.flistxattr(f, ROOT));
        vfs.fremovexattr(f, ROOT, "user.a");
        f.put();
    }
}
