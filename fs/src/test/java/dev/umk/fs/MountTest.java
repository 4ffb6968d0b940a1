package dev.umk.fs;

import static dev.umk.core.abi.FileFlags.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Stat.StatFs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MountTest extends FsTestKit {
    @BeforeEach
    void tree() {
        mkdir("/mnt", 0755);
        mkdir("/src", 0755);
        mkdir("/src/sub", 0755);
        writeFile("/src/sub/f", "f");
        writeFile("/mnt/hidden", "h");
    }

    @Test
    void mountCoversTheDirectory() {
        vfs.mount(fs, ROOT, "tmpfs", null, "/mnt", "tmpfs", 0, "size=1m");
        assertFalse(exists("/mnt/hidden"));
        writeFile("/mnt/new", "n");
        assertNotEquals(stat("/").dev, stat("/mnt/new").dev);
        vfs.umount(fs, ROOT, null, "/mnt", 0);
        assertTrue(exists("/mnt/hidden"));
        assertFalse(exists("/mnt/new"));
    }

    @Test
    void dotDotLeavesTheMount() {
        vfs.mount(fs, ROOT, "tmpfs", null, "/mnt", "tmpfs", 0, "");
        mkdir("/mnt/d", 0755);
        assertEquals(stat("/").ino, stat("/mnt/..").ino);
        assertEquals(stat("/").dev, stat("/mnt/d/../..").dev);
        assertEquals(stat("/src").ino, stat("/mnt/../src").ino);
        FsContext c = newContext();
        vfs.chdir(c, ROOT, null, "/mnt/d");
        assertEquals("/mnt/d", vfs.getcwd(c));
        assertEquals(stat("/src").ino, vfs.stat(c, ROOT, null, "../../src", 0).ino);
    }

    @Test
    void stackedMountsShowTheTopOne() {
        vfs.mount(fs, ROOT, "tmpfs", null, "/mnt", "tmpfs", 0, "");
        writeFile("/mnt/first", "");
        vfs.mount(fs, ROOT, "tmpfs", null, "/mnt", "tmpfs", 0, "");
        assertFalse(exists("/mnt/first"));
        vfs.umount(fs, ROOT, null, "/mnt", 0);
        assertTrue(exists("/mnt/first"));
    }

    @Test
    void bindMountShowsTheSameInodes() {
        vfs.mount(fs, ROOT, "/src/sub", null, "/mnt", null, MountFlags.MS_BIND, null);
        assertEquals(stat("/src/sub/f").ino, stat("/mnt/f").ino);
        assertEquals(stat("/").ino, stat("/mnt/..").ino, ".. goes to the mountpoint's parent");
        assertErrno(Errno.EXDEV, () -> vfs.rename(fs, ROOT, null, "/mnt/f", null, "/src/sub/g", 0));
        writeFile("/mnt/g", "via bind");
        assertEquals("via bind", readFile("/src/sub/g"));
    }

    @Test
    void recursiveBindCarriesSubmounts() {
        vfs.mount(fs, ROOT, "tmpfs", null, "/src/sub", "tmpfs", 0, "");
        writeFile("/src/sub/inmount", "");
        vfs.mount(fs, ROOT, "/src", null, "/mnt", null, MountFlags.MS_BIND | MountFlags.MS_REC, null);
        assertTrue(exists("/mnt/sub/inmount"));
        vfs.mount(fs, ROOT, "/src", null, "/mnt", null, MountFlags.MS_BIND, null);
        assertTrue(exists("/mnt/sub/f"), "a plain bind shows the directory under the submount");
    }

    @Test
    void readOnlyBindRemount() {
        vfs.mount(fs, ROOT, "/src", null, "/mnt", null, MountFlags.MS_BIND, null);
        vfs.mount(fs, ROOT, null, null, "/mnt", null, MountFlags.MS_BIND | MountFlags.MS_REMOUNT | MountFlags.MS_RDONLY, null);
        assertErrno(Errno.EROFS, () -> writeFile("/mnt/x", ""));
        assertErrno(Errno.EROFS, () -> open("/mnt/sub/f", O_WRONLY, 0));
        writeFile("/src/x", "still writable");
        StatFs s = vfs.statfs(fs, ROOT, null, "/mnt");
        assertEquals(StatFs.ST_RDONLY, s.flags & StatFs.ST_RDONLY);
    }

    @Test
    void umountOfBusyMountIsEbusyUnlessDetached() {
        vfs.mount(fs, ROOT, "tmpfs", null, "/mnt", "tmpfs", 0, "");
        writeFile("/mnt/f", "x");
        OpenFile f = open("/mnt/f", O_RDONLY, 0);
        assertErrno(Errno.EBUSY, () -> vfs.umount(fs, ROOT, null, "/mnt", 0));
        vfs.umount(fs, ROOT, null, "/mnt", MountFlags.MNT_DETACH);
        assertEquals("x", readAll(f), "a lazily unmounted file stays usable");
        f.put();
        assertTrue(exists("/mnt/hidden"));
    }

    @Test
    void cwdInsideKeepsAMountBusy() {
        vfs.mount(fs, ROOT, "tmpfs", null, "/mnt", "tmpfs", 0, "");
        FsContext c = newContext();
        vfs.chdir(c, ROOT, null, "/mnt");
        assertErrno(Errno.EBUSY, () -> vfs.umount(fs, ROOT, null, "/mnt", 0));
        vfs.chdir(c, ROOT, null, "/");
        vfs.umount(fs, ROOT, null, "/mnt", 0);
    }

    @Test
    void umountRules() {
        assertErrno(Errno.EINVAL, () -> vfs.umount(fs, ROOT, null, "/src", 0));
        assertErrno(Errno.EINVAL, () -> vfs.umount(fs, ROOT, null, "/src", 0x100));
        vfs.mount(fs, ROOT, "tmpfs", null, "/mnt", "tmpfs", 0, "");
        assertErrno(Errno.EPERM, () -> vfs.umount(fs, USER, null, "/mnt", 0));
        assertErrno(Errno.EBUSY, () -> vfs.umount(fs, ROOT, null, "/", 0));
    }

    @Test
    void mountRules() {
        assertErrno(Errno.EPERM, () -> vfs.mount(fs, USER, "tmpfs", null, "/mnt", "tmpfs", 0, ""));
        assertErrno(Errno.ENODEV, () -> vfs.mount(fs, ROOT, "x", null, "/mnt", "nosuchfs", 0, ""));
        assertErrno(Errno.ENOENT, () -> vfs.mount(fs, ROOT, "x", null, "/none", "tmpfs", 0, ""));
        assertErrno(Errno.ENOTDIR, () -> vfs.mount(fs, ROOT, "x", null, "/src/sub/f", "tmpfs", 0, ""));
        assertErrno(Errno.EINVAL, () -> vfs.mount(fs, ROOT, "x", null, "/mnt", "tmpfs", 0, "bogus=1"));
    }

    @Test
    void moveMount() {
        vfs.mount(fs, ROOT, "tmpfs", null, "/mnt", "tmpfs", 0, "");
        writeFile("/mnt/m", "");
        vfs.mount(fs, ROOT, "/mnt", null, "/src", null, MountFlags.MS_MOVE, null);
        assertTrue(exists("/src/m"));
        assertTrue(exists("/mnt/hidden"));
    }

    @Test
    void mountsTableListsVisibleMounts() {
        vfs.mount(fs, ROOT, "tmpfs", null, "/mnt", "tmpfs", MountFlags.MS_NOSUID | MountFlags.MS_NODEV, "size=4k");
        var lines = vfs.mountsTable(fs);
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).startsWith("rootfs / tmpfs rw,relatime"), lines.get(0));
        assertTrue(lines.get(1).startsWith("tmpfs /mnt tmpfs rw,nosuid,nodev,relatime,size=4k"), lines.get(1));
        FsContext c = newContext();
        vfs.chroot(c, ROOT, null, "/mnt");
        assertEquals(1, vfs.mountsTable(c).size());
    }

    @Test
    void getcwdOutsideTheRootIsUnreachable() {
        FsContext c = newContext();
        vfs.chdir(c, ROOT, null, "/src/sub");
        vfs.chroot(c, ROOT, null, "/mnt");
        assertEquals("(unreachable)/src/sub", vfs.getcwd(c));
    }

    @Test
    void statfsReportsTmpfs() {
        vfs.mount(fs, ROOT, "tmpfs", null, "/mnt", "tmpfs", 0, "size=64k,nr_inodes=10");
        StatFs s = vfs.statfs(fs, ROOT, null, "/mnt");
        assertEquals(0x01021994L, s.type);
        assertEquals(16, s.blocks);
        assertEquals(16, s.bfree);
        assertEquals(10, s.files);
        assertEquals(255, s.namelen);
        writeFile("/mnt/a", "x".repeat(5000));
        s = vfs.statfs(fs, ROOT, null, "/mnt");
        assertEquals(14, s.bfree);
        assertEquals(9, s.ffree);
    }

    @Test
    void tmpfsSizeLimitIsEnospc() {
        vfs.mount(fs, ROOT, "tmpfs", null, "/mnt", "tmpfs", 0, "size=8k,nr_inodes=3");
        OpenFile f = open("/mnt/a", O_CREAT | O_WRONLY, 0644);
        assertEquals(8192, f.write(java.nio.ByteBuffer.allocate(10000), blocker), "a short write, then...");
        assertErrno(Errno.ENOSPC, () -> f.write(java.nio.ByteBuffer.allocate(10), blocker));
        f.put();
        writeFile("/mnt/b", "");
        writeFile("/mnt/c", "");
        assertErrno(Errno.ENOSPC, () -> writeFile("/mnt/d", ""));
        vfs.unlink(fs, ROOT, null, "/mnt/a");
        writeFile("/mnt/d", "space is back");
    }

    @Test
    void tmpfsRootModeOption() {
        vfs.mount(fs, ROOT, "tmpfs", null, "/mnt", "tmpfs", 0, "mode=1777,uid=5,gid=6");
        assertEquals(S_IFDIR | 01777, stat("/mnt").mode);
        assertEquals(5, stat("/mnt").uid);
        assertEquals(6, stat("/mnt").gid);
    }
}
