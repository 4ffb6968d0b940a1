package dev.umk.core.abi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A file's attributes as stat(2), fstatat(2) and statx(2) report them, and the codecs for
 * x86-64 {@code struct stat} (144 bytes), {@code struct statx} (256 bytes), {@code struct
 * statfs} (120 bytes, see {@link StatFs}) and {@code linux_dirent64} records. Filesystems
 * fill a Stat; the syscall layer encodes it into guest memory. All encodings are
 * little-endian, written at the buffer's current position, which is then advanced.
 */
public final class Stat {
    public static final int STAT_SIZE = 144;
    public static final int STATX_SIZE = 256;

    // statx mask bits.
    public static final int STATX_TYPE = 0x1;
    public static final int STATX_MODE = 0x2;
    public static final int STATX_NLINK = 0x4;
    public static final int STATX_UID = 0x8;
    public static final int STATX_GID = 0x10;
    public static final int STATX_ATIME = 0x20;
    public static final int STATX_MTIME = 0x40;
    public static final int STATX_CTIME = 0x80;
    public static final int STATX_INO = 0x100;
    public static final int STATX_SIZE_BIT = 0x200;
    public static final int STATX_BLOCKS = 0x400;
    public static final int STATX_BASIC_STATS = 0x7ff;
    public static final int STATX_BTIME = 0x800;
    public static final int STATX_MNT_ID = 0x1000;
    /** Bits this codec can fill. */
    public static final int STATX_SUPPORTED = STATX_BASIC_STATS | STATX_BTIME | STATX_MNT_ID;
    /** A reserved mask bit: statx(2) fails with EINVAL when it is set. */
    public static final int STATX_RESERVED = 0x80000000;

    public long dev;
    public long ino;
    public long nlink;
    public int mode;
    public int uid;
    public int gid;
    public long rdev;
    public long size;
    public int blksize = 4096;
    /** 512-byte blocks allocated. */
    public long blocks;
    public long atimeSec, atimeNsec;
    public long mtimeSec, mtimeNsec;
    public long ctimeSec, ctimeNsec;
    /** Birth time; valid only when {@link #hasBtime}. */
    public long btimeSec, btimeNsec;
    public boolean hasBtime;
    public long mountId;

    /** Encodes x86-64 {@code struct stat}. */
    public void encode(ByteBuffer out) {
        ByteBuffer b = out.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int p = b.position();
        b.putLong(p, dev);
        b.putLong(p + 8, ino);
        b.putLong(p + 16, nlink);
        b.putInt(p + 24, mode);
        b.putInt(p + 28, uid);
        b.putInt(p + 32, gid);
        b.putInt(p + 36, 0);
        b.putLong(p + 40, rdev);
        b.putLong(p + 48, size);
        b.putLong(p + 56, blksize);
        b.putLong(p + 64, blocks);
        b.putLong(p + 72, atimeSec);
        b.putLong(p + 80, atimeNsec);
        b.putLong(p + 88, mtimeSec);
        b.putLong(p + 96, mtimeNsec);
        b.putLong(p + 104, ctimeSec);
        b.putLong(p + 112, ctimeNsec);
        for (int i = 120; i < STAT_SIZE; i += 8) b.putLong(p + i, 0);
        out.position(p + STAT_SIZE);
    }

    /** Encodes {@code struct statx}; {@code requestMask} is the caller's mask (basic stats are always returned). */
    public void encodeStatx(ByteBuffer out, int requestMask) {
        ByteBuffer b = out.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int p = b.position();
        for (int i = 0; i < STATX_SIZE; i += 8) b.putLong(p + i, 0);
        int mask = STATX_BASIC_STATS | STATX_MNT_ID;
        if (hasBtime) mask |= STATX_BTIME;
        b.putInt(p, mask);
        b.putInt(p + 4, blksize);
        b.putLong(p + 8, 0);                      // stx_attributes
        b.putInt(p + 16, (int) nlink);
        b.putInt(p + 20, uid);
        b.putInt(p + 24, gid);
        b.putShort(p + 28, (short) mode);
        b.putLong(p + 32, ino);
        b.putLong(p + 40, size);
        b.putLong(p + 48, blocks);
        b.putLong(p + 56, 0);                     // stx_attributes_mask
        putTimestamp(b, p + 64, atimeSec, atimeNsec);
        if (hasBtime) putTimestamp(b, p + 80, btimeSec, btimeNsec);
        putTimestamp(b, p + 96, ctimeSec, ctimeNsec);
        putTimestamp(b, p + 112, mtimeSec, mtimeNsec);
        b.putInt(p + 128, major(rdev));
        b.putInt(p + 132, minor(rdev));
        b.putInt(p + 136, major(dev));
        b.putInt(p + 140, minor(dev));
        b.putLong(p + 144, mountId);
        out.position(p + STATX_SIZE);
    }

    private static void putTimestamp(ByteBuffer b, int at, long sec, long nsec) {
        b.putLong(at, sec);
        b.putInt(at + 8, (int) nsec);
        b.putInt(at + 12, 0);
    }

    /** Decodes a {@code struct stat} (for tests and tools). */
    public static Stat decode(ByteBuffer in) {
        ByteBuffer b = in.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int p = b.position();
        Stat s = new Stat();
        s.dev = b.getLong(p);
        s.ino = b.getLong(p + 8);
        s.nlink = b.getLong(p + 16);
        s.mode = b.getInt(p + 24);
        s.uid = b.getInt(p + 28);
        s.gid = b.getInt(p + 32);
        s.rdev = b.getLong(p + 40);
        s.size = b.getLong(p + 48);
        s.blksize = (int) b.getLong(p + 56);
        s.blocks = b.getLong(p + 64);
        s.atimeSec = b.getLong(p + 72);
        s.atimeNsec = b.getLong(p + 80);
        s.mtimeSec = b.getLong(p + 88);
        s.mtimeNsec = b.getLong(p + 96);
        s.ctimeSec = b.getLong(p + 104);
        s.ctimeNsec = b.getLong(p + 112);
        in.position(p + STAT_SIZE);
        return s;
    }

    // dev_t encoding as glibc's makedev/major/minor (12-bit major split, 20-bit minor split).

    public static long makedev(int major, int minor) {
        long ma = major & 0xffffffffL, mi = minor & 0xffffffffL;
        return ((ma & 0xfffff000L) << 32) | ((ma & 0xfffL) << 8) | ((mi & 0xffffff00L) << 12) | (mi & 0xffL);
    }

    public static int major(long dev) {
        return (int) (((dev >>> 32) & 0xfffff000L) | ((dev >>> 8) & 0xfffL));
    }

    public static int minor(long dev) {
        return (int) (((dev >>> 12) & 0xffffff00L) | (dev & 0xffL));
    }

    // linux_dirent64: u64 d_ino, s64 d_off, u16 d_reclen, u8 d_type, char d_name[] NUL, padded to 8.

    /** The record length of a linux_dirent64 whose name has {@code nameLen} bytes. */
    public static int direntLength(int nameLen) {
        return (19 + nameLen + 1 + 7) & ~7;
    }

    /**
     * Writes one linux_dirent64 record if it fits in the buffer's remaining space.
     *
     * @param name the entry name as bytes (no NUL)
     * @param nextOff the d_off value: the position to resume listing after this entry
     * @return false, writing nothing, when the record does not fit
     */
    public static boolean putDirent64(ByteBuffer out, long ino, long nextOff, int type, byte[] name) {
        int len = direntLength(name.length);
        if (out.remaining() < len) return false;
        ByteBuffer b = out.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int p = b.position();
        b.putLong(p, ino);
        b.putLong(p + 8, nextOff);
        b.putShort(p + 16, (short) len);
        b.put(p + 18, (byte) type);
        b.put(p + 19, name);
        for (int i = 19 + name.length; i < len; i++) b.put(p + i, (byte) 0);
        out.position(p + len);
        return true;
    }

    /** A filesystem's statfs(2) report and its x86-64 {@code struct statfs} codec (120 bytes). */
    public static final class StatFs {
        public static final int SIZE = 120;
        public static final int ST_RDONLY = 0x0001;
        public static final int ST_NOSUID = 0x0002;
        public static final int ST_NODEV = 0x0004;
        public static final int ST_NOEXEC = 0x0008;
        public static final int ST_SYNCHRONOUS = 0x0010;
        public static final int ST_VALID = 0x0020;
        public static final int ST_MANDLOCK = 0x0040;
        public static final int ST_NOATIME = 0x0400;
        public static final int ST_NODIRATIME = 0x0800;
        public static final int ST_RELATIME = 0x1000;
        public static final int ST_NOSYMFOLLOW = 0x2000;

        public long type;
        public long bsize;
        public long blocks;
        public long bfree;
        public long bavail;
        public long files;
        public long ffree;
        public int fsid0, fsid1;
        public long namelen = 255;
        public long frsize;
        public long flags;

        public void encode(ByteBuffer out) {
            ByteBuffer b = out.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            int p = b.position();
            b.putLong(p, type);
            b.putLong(p + 8, bsize);
            b.putLong(p + 16, blocks);
            b.putLong(p + 24, bfree);
            b.putLong(p + 32, bavail);
            b.putLong(p + 40, files);
            b.putLong(p + 48, ffree);
            b.putInt(p + 56, fsid0);
            b.putInt(p + 60, fsid1);
            b.putLong(p + 64, namelen);
            b.putLong(p + 72, frsize);
            b.putLong(p + 80, flags);
            for (int i = 88; i < SIZE; i += 8) b.putLong(p + i, 0);
            out.position(p + SIZE);
        }
    }
}
