package dev.umk.fs.devfs;

import static dev.umk.core.abi.FileFlags.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Stat;
import dev.umk.fs.Blocker;
import dev.umk.fs.FileOperations;
import dev.umk.fs.FsTestKit;
import dev.umk.fs.OpenFile;
import dev.umk.fs.page.HeapPageAllocator;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DevFsTest extends FsTestKit {
    private DevFs dev;

    @BeforeEach
    void mountDev() {
        mkdir("/dev", 0755);
        dev = new DevFs(clock, HeapPageAllocator.INSTANCE, 1 << 30, vfs.devices(), new SecureRandom());
        dev.mount(vfs, fs, "/dev");
    }

    @Test
    void nullSwallowsWritesAndReadsEof() {
        OpenFile f = open("/dev/null", O_RDWR, 0);
        assertEquals(5, f.write(ByteBuffer.allocate(5), blocker));
        assertEquals(0, f.read(ByteBuffer.allocate(5), blocker));
        assertEquals(0, f.lseek(100, SEEK_SET));
        assertEquals(Stat.makedev(1, 3), f.stat().rdev);
        f.put();
    }

    @Test
    void zeroReadsZeros() {
        OpenFile f = open("/dev/zero", O_RDONLY, 0);
        ByteBuffer b = ByteBuffer.allocate(100);
        for (int i = 0; i < 100; i++) b.put(i, (byte) 1);
        assertEquals(100, f.read(b, blocker));
        assertArrayEquals(new byte[100], b.array());
        f.put();
    }

    @Test
    void fullRefusesWritesWithEnospc() {
        OpenFile f = open("/dev/full", O_RDWR, 0);
        assertErrno(Errno.ENOSPC, () -> f.write(ByteBuffer.allocate(1), blocker));
        assertEquals(3, f.read(ByteBuffer.allocate(3), blocker));
        f.put();
    }

    @Test
    void urandomGivesDifferentBytes() {
        OpenFile f = open("/dev/urandom", O_RDONLY, 0);
        ByteBuffer a = ByteBuffer.allocate(32), b = ByteBuffer.allocate(32);
        assertEquals(32, f.read(a, blocker));
        f.read(b, blocker);
        assertFalse(java.util.Arrays.equals(a.array(), b.array()));
        OpenFile r = open("/dev/random", O_RDWR, 0);
        assertEquals(10000, r.read(ByteBuffer.allocate(10000), blocker));
        assertEquals(4, r.write(ByteBuffer.allocate(4), blocker));
        f.put();
        r.put();
    }

    @Test
    void stdioSymlinksPointIntoProc() {
        assertEquals("/proc/self/fd/0", vfs.readlink(fs, ROOT, null, "/dev/stdin"));
        assertEquals("/proc/self/fd/2", vfs.readlink(fs, ROOT, null, "/dev/stderr"));
        assertEquals("/proc/self/fd", vfs.readlink(fs, ROOT, null, "/dev/fd"));
    }

    @Test
    void shmIsAWorldWritableTmpfs() {
        assertEquals(S_IFDIR | 01777, stat("/dev/shm").mode);
        assertNotEquals(stat("/dev").dev, stat("/dev/shm").dev);
        vfs.open(fs, USER, null, "/dev/shm/seg", O_CREAT | O_RDWR, 0600, blocker).put();
        assertEquals(1000, stat("/dev/shm/seg").uid);
    }

    @Test
    void driversPluggedLaterAreFound() {
        FileOperations tty = new FileOperations() {
            @Override
            public long write(OpenFile f, ByteBuffer src, long pos, Blocker b) {
                src.position(src.limit());
                return pos;
            }

            @Override
            public boolean stream() {
                return true;
            }
        };
        dev.addNode("tty", 0666, 5, 0);
        assertErrno(Errno.ENXIO, () -> open("/dev/tty", O_RDWR, 0));
        vfs.devices().register(5, 0, f -> tty);
        OpenFile f = open("/dev/tty", O_RDWR, 0);
        assertEquals(3, f.write(ByteBuffer.allocate(3), blocker));
        assertErrno(Errno.ESPIPE, () -> f.lseek(0, SEEK_SET));
        f.put();
        assertErrno(Errno.EBUSY, () -> vfs.devices().register(5, 0, x -> tty));
    }

    @Test
    void majorDriversSeeEveryMinor() {
        vfs.devices().registerMajor(136, f -> MemDevices.ZERO_OPS);
        vfs.mknod(fs, ROOT, null, "/pts7", S_IFCHR | 0600, Stat.makedev(136, 7));
        open("/pts7", O_RDONLY, 0).put();
    }

    @Test
    void devicesOnANodevMountCannotBeOpened() {
        vfs.mknod(fs, ROOT, null, "/dev/shm/null2", S_IFCHR | 0666, Stat.makedev(1, 3));
        assertErrno(Errno.EACCES, () -> open("/dev/shm/null2", O_RDONLY, 0));
        open("/dev/null", O_RDONLY, 0).put();
    }
}
