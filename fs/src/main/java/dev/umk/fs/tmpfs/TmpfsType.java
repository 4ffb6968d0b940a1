package dev.umk.fs.tmpfs;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.FileSystemType;
import dev.umk.fs.FsClock;
import dev.umk.fs.MountFlags;
import dev.umk.fs.NewInode;
import dev.umk.fs.SuperBlock;
import dev.umk.fs.page.PageAllocator;

/**
 * The "tmpfs" filesystem type: parses size=, nr_inodes=, mode=, uid=, gid= as Linux's
 * shmem does (size accepts k/m/g suffixes and a % of the memory budget).
 */
public final class TmpfsType implements FileSystemType {
    private final FsClock clock;
    private final PageAllocator pages;
    private final long memoryBytes;

    /** @param memoryBytes the memory tmpfs sizes are relative to (default size is half of it) */
    public TmpfsType(FsClock clock, PageAllocator pages, long memoryBytes) {
        this.clock = clock;
        this.pages = pages;
        this.memoryBytes = memoryBytes;
    }

    @Override
    public String name() {
        return "tmpfs";
    }

    @Override
    public SuperBlock mount(String source, long flags, String data) {
        long size = memoryBytes / 2;
        long inodes = memoryBytes / 2 / 4096;
        int mode = 01777, uid = 0, gid = 0;
        if (data != null && !data.isEmpty()) {
            for (String opt : data.split(",")) {
                if (opt.isEmpty()) continue;
                int eq = opt.indexOf('=');
                String key = eq < 0 ? opt : opt.substring(0, eq);
                String val = eq < 0 ? "" : opt.substring(eq + 1);
                switch (key) {
                    case "size" -> size = parseSize(val);
                    case "nr_inodes" -> inodes = parseSize(val);
                    case "mode" -> mode = parseInt(val, 8) & 07777;
                    case "uid" -> uid = parseInt(val, 10);
                    case "gid" -> gid = parseInt(val, 10);
                    default -> throw new ErrnoException(Errno.EINVAL, "tmpfs option " + key);
                }
            }
        }
        if (size == 0) size = Long.MAX_VALUE / 2;
        if (inodes == 0) inodes = Long.MAX_VALUE / 2;
        TmpfsSuperBlock sb = new TmpfsSuperBlock(clock, pages, size, inodes,
                new NewInode(S_IFDIR | mode, uid, gid), source == null || source.isEmpty() ? "tmpfs" : source);
        sb.setReadOnly((flags & MountFlags.MS_RDONLY) != 0);
        return sb;
    }

    private long parseSize(String v) {
        try {
            if (v.endsWith("%")) return memoryBytes / 100 * Long.parseLong(v.substring(0, v.length() - 1));
            long mul = 1;
            char c = v.isEmpty() ? 0 : Character.toLowerCase(v.charAt(v.length() - 1));
            if (c == 'k' || c == 'm' || c == 'g' || c == 't') {
                mul = c == 'k' ? 1L << 10 : c == 'm' ? 1L << 20 : c == 'g' ? 1L << 30 : 1L << 40;
                v = v.substring(0, v.length() - 1);
            }
            return Math.multiplyExact(Long.parseLong(v), mul);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ErrnoException(Errno.EINVAL, "tmpfs size " + v);
        }
    }

    private static int parseInt(String v, int radix) {
        try {
            return Integer.parseUnsignedInt(v, radix);
        } catch (NumberFormatException e) {
            throw new ErrnoException(Errno.EINVAL, "tmpfs option value " + v);
        }
    }

    /** A tmpfs superblock with default limits for the given memory budget, for kernel-internal mounts. */
    public static TmpfsSuperBlock create(FsClock clock, PageAllocator pages, long memoryBytes, int rootMode) {
        return new TmpfsSuperBlock(clock, pages, memoryBytes / 2, memoryBytes / 2 / 4096,
                new NewInode(S_IFDIR | rootMode, 0, 0), "tmpfs");
    }
}
