package dev.umk.fs.devfs;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.Blocker;
import dev.umk.fs.FileOperations;
import dev.umk.fs.OpenFile;
import dev.umk.fs.UserMemory;
import java.nio.ByteBuffer;
import java.security.SecureRandom;

/**
 * The memory character devices of major 1 (Linux drivers/char/mem.c and random.c):
 * null (1,3), zero (1,5), full (1,7), random (1,8) and urandom (1,9). Randomness comes
 * from a SecureRandom, umk's kernel CSPRNG; it is always seeded, so random never blocks.
 */
public final class MemDevices {
    public static final int MEM_MAJOR = 1;
    public static final int NULL = 3, ZERO = 5, FULL = 7, RANDOM = 8, URANDOM = 9;
    /** RNDGETENTCNT: the entropy estimate, in bits. */
    public static final int RNDGETENTCNT = 0x80045200;

    private MemDevices() {}

    /** Registers the five devices. */
    public static void register(DeviceRegistry registry, SecureRandom rng) {
        registry.register(MEM_MAJOR, NULL, f -> NULL_OPS);
        registry.register(MEM_MAJOR, ZERO, f -> ZERO_OPS);
        registry.register(MEM_MAJOR, FULL, f -> FULL_OPS);
        FileOperations random = new RandomOps(rng);
        registry.register(MEM_MAJOR, RANDOM, f -> random);
        registry.register(MEM_MAJOR, URANDOM, f -> random);
    }

    /** The llseek of null, zero and full: the position is always 0. */
    private interface PinnedAtZero extends FileOperations {
        @Override
        default long llseek(OpenFile f, long offset, int whence) {
            return 0;
        }
    }

    private static long discard(ByteBuffer src, long pos) {
        int n = src.remaining();
        src.position(src.limit());
        return pos + n;
    }

    private static long zeros(ByteBuffer dst, long pos) {
        int n = dst.remaining();
        while (dst.remaining() >= 8) dst.putLong(0);
        while (dst.hasRemaining()) dst.put((byte) 0);
        return pos + n;
    }

    static final FileOperations NULL_OPS = new PinnedAtZero() {
        @Override
        public long read(OpenFile f, ByteBuffer dst, long pos, Blocker b) {
            return pos;
        }

        @Override
        public long write(OpenFile f, ByteBuffer src, long pos, Blocker b) {
            return discard(src, pos);
        }
    };

    static final FileOperations ZERO_OPS = new PinnedAtZero() {
        @Override
        public long read(OpenFile f, ByteBuffer dst, long pos, Blocker b) {
            return zeros(dst, pos);
        }

        @Override
        public long write(OpenFile f, ByteBuffer src, long pos, Blocker b) {
            return discard(src, pos);
        }
    };

    static final FileOperations FULL_OPS = new PinnedAtZero() {
        @Override
        public long read(OpenFile f, ByteBuffer dst, long pos, Blocker b) {
            return zeros(dst, pos);
        }

        @Override
        public long write(OpenFile f, ByteBuffer src, long pos, Blocker b) {
            if (!src.hasRemaining()) return pos;
            throw new ErrnoException(Errno.ENOSPC);
        }
    };

    private static final class RandomOps implements FileOperations {
        private final SecureRandom rng;

        RandomOps(SecureRandom rng) {
            this.rng = rng;
        }

        @Override
        public long read(OpenFile f, ByteBuffer dst, long pos, Blocker b) {
            byte[] chunk = new byte[Math.min(dst.remaining(), 4096)];
            int n = dst.remaining();
            while (dst.hasRemaining()) {
                int k = Math.min(chunk.length, dst.remaining());
                rng.nextBytes(chunk);
                dst.put(chunk, 0, k);
            }
            return pos + n;
        }

        @Override
        public long write(OpenFile f, ByteBuffer src, long pos, Blocker b) {
            byte[] seed = new byte[Math.min(src.remaining(), 512)];
            int n = src.remaining();
            src.get(seed);
            rng.setSeed(seed);
            src.position(src.limit());
            return pos + n;
        }

        @Override
        public long llseek(OpenFile f, long offset, int whence) {
            return f.position();
        }

        @Override
        public long ioctl(OpenFile f, int cmd, long arg, UserMemory mem) {
            if (cmd == RNDGETENTCNT) {
                mem.writeInt(arg, 256);
                return 0;
            }
            throw new ErrnoException(Errno.ENOTTY);
        }
    }
}
