package dev.umk.core.abi;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class StatTest {
    private static Stat sample() {
        Stat s = new Stat();
        s.dev = Stat.makedev(8, 1);
        s.ino = 0x1122334455L;
        s.nlink = 3;
        s.mode = FileFlags.S_IFREG | 0644;
        s.uid = 1000;
        s.gid = 100;
        s.rdev = Stat.makedev(4, 64);
        s.size = 12345;
        s.blocks = 32;
        s.atimeSec = 1;
        s.atimeNsec = 2;
        s.mtimeSec = 3;
        s.mtimeNsec = 4;
        s.ctimeSec = 5;
        s.ctimeNsec = 6;
        return s;
    }

    @Test
    void statLayoutMatchesX8664() {
        ByteBuffer b = ByteBuffer.allocate(200).order(ByteOrder.BIG_ENDIAN);
        b.position(8);
        sample().encode(b);
        assertEquals(8 + Stat.STAT_SIZE, b.position());
        assertEquals(ByteOrder.BIG_ENDIAN, b.order(), "the caller's byte order is left alone");
        ByteBuffer le = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x1122334455L, le.getLong(8 + 8));
        assertEquals(3, le.getLong(8 + 16));
        assertEquals(FileFlags.S_IFREG | 0644, le.getInt(8 + 24));
        assertEquals(1000, le.getInt(8 + 28));
        assertEquals(12345, le.getLong(8 + 48));
        assertEquals(4096, le.getLong(8 + 56));
        assertEquals(6, le.getLong(8 + 112));
        b.position(8);
        Stat back = Stat.decode(b);
        assertEquals(12345, back.size);
        assertEquals(Stat.makedev(4, 64), back.rdev);
    }

    @Test
    void statxLayout() {
        ByteBuffer b = ByteBuffer.allocate(Stat.STATX_SIZE);
        Stat s = sample();
        s.mountId = 42;
        s.encodeStatx(b, Stat.STATX_BASIC_STATS);
        ByteBuffer le = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(Stat.STATX_BASIC_STATS | Stat.STATX_MNT_ID, le.getInt(0));
        assertEquals(3, le.getInt(16));
        assertEquals((short) (FileFlags.S_IFREG | 0644), le.getShort(28));
        assertEquals(0x1122334455L, le.getLong(32));
        assertEquals(12345, le.getLong(40));
        assertEquals(1, le.getLong(64));
        assertEquals(2, le.getInt(72));
        assertEquals(5, le.getLong(96));
        assertEquals(3, le.getLong(112));
        assertEquals(4, le.getInt(128));
        assertEquals(64, le.getInt(132));
        assertEquals(8, le.getInt(136));
        assertEquals(1, le.getInt(140));
        assertEquals(42, le.getLong(144));
    }

    @Test
    void devNumbersRoundTripLikeGlibc() {
        assertEquals(0x0103, Stat.makedev(1, 3));
        long big = Stat.makedev(0x12345, 0xabcdef);
        assertEquals(0x12345, Stat.major(big));
        assertEquals(0xabcdef, Stat.minor(big));
        assertEquals(136, Stat.major(Stat.makedev(136, 5)));
    }

    @Test
    void direntRecordsArePaddedTo8() {
        assertEquals(24, Stat.direntLength(1));
        assertEquals(24, Stat.direntLength(4));
        assertEquals(32, Stat.direntLength(5));
        ByteBuffer b = ByteBuffer.allocate(24);
        assertTrue(Stat.putDirent64(b, 7, 99, FileFlags.DT_REG, "abc".getBytes()));
        ByteBuffer le = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(7, le.getLong(0));
        assertEquals(99, le.getLong(8));
        assertEquals(24, le.getShort(16));
        assertEquals(FileFlags.DT_REG, le.get(18));
        assertEquals('a', le.get(19));
        assertEquals(0, le.get(22));
        assertFalse(Stat.putDirent64(b, 1, 1, 0, "x".getBytes()), "full buffer");
    }

    @Test
    void statfsLayout() {
        Stat.StatFs s = new Stat.StatFs();
        s.type = 0x01021994L;
        s.bsize = 4096;
        s.blocks = 10;
        s.namelen = 255;
        s.flags = Stat.StatFs.ST_RDONLY;
        ByteBuffer b = ByteBuffer.allocate(Stat.StatFs.SIZE);
        s.encode(b);
        ByteBuffer le = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x01021994L, le.getLong(0));
        assertEquals(10, le.getLong(16));
        assertEquals(255, le.getLong(64));
        assertEquals(1, le.getLong(80));
    }

    @Test
    void dtypeFollowsTheModeType() {
        assertEquals(FileFlags.DT_DIR, FileFlags.dtype(FileFlags.S_IFDIR | 0755));
        assertEquals(FileFlags.DT_LNK, FileFlags.dtype(FileFlags.S_IFLNK));
        assertEquals(FileFlags.DT_SOCK, FileFlags.dtype(FileFlags.S_IFSOCK));
        assertEquals(FileFlags.DT_CHR, FileFlags.dtype(FileFlags.S_IFCHR));
    }
}
