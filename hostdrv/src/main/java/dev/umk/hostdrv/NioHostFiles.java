package dev.umk.hostdrv;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.core.kernel.Timespec;
import dev.umk.core.hw.host.HostDirEntry;
import dev.umk.core.hw.host.HostFile;
import dev.umk.core.hw.host.HostFiles;
import dev.umk.core.hw.host.HostStat;
import dev.umk.core.hw.host.HostStatFs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link HostFiles} over java.nio.file and the "unix:*" attribute view: the host's modes,
 * owners, inode numbers, link counts, device numbers and times as they are. Limits of
 * java.nio: no st_blocks (estimated from the size), no mknod (EPERM), statfs without
 * inode counts, xattrs only in the user namespace. Names are converted between VFS byte
 * strings and host paths through UTF-8 (the JVM's sun.jnu.encoding must be UTF-8 for
 * non-ASCII names).
 */
public final class NioHostFiles implements HostFiles {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final Map<String, Long> MAGIC = Map.of(
            "ext2", 0xEF53L, "ext3", 0xEF53L, "ext4", 0xEF53L, "tmpfs", 0x01021994L, "xfs", 0x58465342L,
            "btrfs", 0x9123683EL, "overlay", 0x794c7630L, "vfat", 0x4d44L, "zfs", 0x2fc12fc1L, "nfs", 0x6969L);

    private static Path path(String p) {
        return Path.of(GuestNames.toUnicode(p));
    }

    private static Timespec time(Object t) {
        Instant i = ((FileTime) t).toInstant();
        return new Timespec(i.getEpochSecond(), i.getNano());
    }

    @Override
    public HostStat lstat(String p) {
        try {
            Map<String, Object> m = Files.readAttributes(path(p), "unix:*", NOFOLLOW);
            long size = (Long) m.get("size");
            return new HostStat((Long) m.get("dev"), (Long) m.get("ino"), (Integer) m.get("mode"),
                    (Integer) m.get("nlink"), (Integer) m.get("uid"), (Integer) m.get("gid"), (Long) m.get("rdev"),
                    size, (size + 511) / 512, time(m.get("lastAccessTime")), time(m.get("lastModifiedTime")),
                    time(m.get("ctime")), time(m.get("creationTime")));
        } catch (IOException e) {
            throw HostErrors.map(e);
        }
    }

    @Override
    public List<HostDirEntry> readdir(String p) {
        List<HostDirEntry> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(path(p))) {
            for (Path e : ds) {
                try {
                    Map<String, Object> m = Files.readAttributes(e, "unix:ino,mode", NOFOLLOW);
                    out.add(new HostDirEntry(GuestNames.fromUnicode(e.getFileName().toString()), (Long) m.get("ino"),
                            dtype((Integer) m.get("mode"))));
                } catch (IOException gone) {
                    // Removed while listing: as if listed before the removal would not matter either.
                }
            }
        } catch (IOException e) {
            throw HostErrors.map(e);
        }
        return out;
    }

    @Override
    public HostFile open(String p, int flags, int mode) {
        Set<OpenOption> opts = new HashSet<>();
        int acc = flags & O_ACCMODE;
        if (acc == O_RDONLY || acc == O_RDWR) opts.add(StandardOpenOption.READ);
        if (acc == O_WRONLY || acc == O_RDWR) opts.add(StandardOpenOption.WRITE);
        boolean creating = (flags & O_CREAT) != 0 && ((flags & O_EXCL) != 0 || !Files.exists(path(p), NOFOLLOW));
        if ((flags & O_CREAT) != 0) opts.add((flags & O_EXCL) != 0 ? StandardOpenOption.CREATE_NEW : StandardOpenOption.CREATE);
        if ((flags & O_TRUNC) != 0) opts.add(StandardOpenOption.TRUNCATE_EXISTING);
        opts.add(NOFOLLOW);
        try {
            FileChannel ch = FileChannel.open(path(p), opts);
            if (creating) Files.setAttribute(path(p), "unix:mode", mode & 07777);
            return new NioHostFile(ch);
        } catch (IOException e) {
            throw HostErrors.map(e);
        }
    }

    @Override
    public void mkdir(String p, int mode) {
        try {
            Files.createDirectory(path(p));
            Files.setAttribute(path(p), "unix:mode", mode & 07777);
        } catch (IOException e) {
            throw HostErrors.map(e);
        }
    }

    @Override
    public void unlink(String p) {
        if (Files.isDirectory(path(p), NOFOLLOW)) throw new ErrnoException(Errno.EISDIR);
        delete(p);
    }

    @Override
    public void rmdir(String p) {
        if (Files.exists(path(p), NOFOLLOW) && !Files.isDirectory(path(p), NOFOLLOW)) throw new ErrnoException(Errno.ENOTDIR);
        delete(p);
    }

    private static void delete(String p) {
        try {
            Files.delete(path(p));
        } catch (IOException e) {
            throw HostErrors.map(e);
        }
    }

    @Override
    public void rename(String from, String to) {
        try {
            Files.move(path(from), path(to), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw HostErrors.map(e);
        }
    }

    @Override
    public void link(String existing, String newPath) {
        try {
            Files.createLink(path(newPath), path(existing));
        } catch (IOException e) {
            throw HostErrors.map(e);
        }
    }

    @Override
    public void symlink(String target, String p) {
        try {
            Files.createSymbolicLink(path(p), Path.of(GuestNames.toUnicode(target)));
        } catch (IOException e) {
            throw HostErrors.map(e);
        }
    }

    @Override
    public String readlink(String p) {
        try {
            return GuestNames.fromUnicode(Files.readSymbolicLink(path(p)).toString());
        } catch (IOException e) {
            throw HostErrors.map(e);
        }
    }

    @Override
    public void chmod(String p, int mode) {
        try {
            Files.setAttribute(path(p), "unix:mode", mode & 07777, NOFOLLOW);
        } catch (IOException e) {
            throw HostErrors.map(e);
        }
    }

    @Override
    public void chown(String p, int uid, int gid) {
        try {
            if (uid != -1) Files.setAttribute(path(p), "unix:uid", uid, NOFOLLOW);
            if (gid != -1) Files.setAttribute(path(p), "unix:gid", gid, NOFOLLOW);
        } catch (IOException e) {
            throw HostErrors.map(e);
        }
    }

    @Override
    public void utimes(String p, Timespec atime, Timespec mtime) {
        try {
            Files.getFileAttributeView(path(p), BasicFileAttributeView.class, NOFOLLOW)
                    .setTimes(fileTime(mtime), fileTime(atime), null);
        } catch (IOException e) {
            throw HostErrors.map(e);
        }
    }

    private static FileTime fileTime(Timespec t) {
        return t == null ? null : FileTime.from(Instant.ofEpochSecond(t.sec(), t.nsec()));
    }

    @Override
    public void truncate(String p, long length) {
        try (FileChannel ch = FileChannel.open(path(p), StandardOpenOption.WRITE, NOFOLLOW)) {
            NioHostFile.resize(ch, length);
        } catch (IOException e) {
            throw HostErrors.map(e);
        }
    }

    @Override
    public HostStatFs statfs(String p) {
        try {
            FileStore s = Files.getFileStore(path(p));
            long bs = s.getBlockSize();
            return new HostStatFs(MAGIC.getOrDefault(s.type(), 0L), bs, s.getTotalSpace() / bs,
                    s.getUnallocatedSpace() / bs, s.getUsableSpace() / bs, 0, 0, 255);
        } catch (IOException e) {
            throw HostErrors.map(e);
        }
    }

    private static UserDefinedFileAttributeView xattrs(String p, String name) {
        if (name != null && !name.startsWith("user.")) throw new ErrnoException(Errno.EOPNOTSUPP);
        UserDefinedFileAttributeView v = Files.getFileAttributeView(path(p), UserDefinedFileAttributeView.class);
        if (v == null) throw new ErrnoException(Errno.EOPNOTSUPP);
        return v;
    }

    @Override
    public byte[] getxattr(String p, String name) {
        UserDefinedFileAttributeView v = xattrs(p, name);
        String n = GuestNames.toUnicode(name.substring(5));
        try {
            if (!v.list().contains(n)) throw new ErrnoException(Errno.ENODATA);
            ByteBuffer b = ByteBuffer.allocate(v.size(n));
            v.read(n, b);
            return b.array();
        } catch (IOException e) {
            throw HostErrors.map(e);
        }
    }

    @Override
    public void setxattr(String p, String name, byte[] value) {
        try {
            xattrs(p, name).write(GuestNames.toUnicode(name.substring(5)), ByteBuffer.wrap(value));
        } catch (IOException e) {
            throw HostErrors.map(e);
        }
    }

    @Override
    public List<String> listxattr(String p) {
        try {
            List<String> out = new ArrayList<>();
            for (String n : xattrs(p, null).list()) out.add("user." + GuestNames.fromUnicode(n));
            return out;
        } catch (IOException e) {
            throw HostErrors.map(e);
        } catch (ErrnoException e) {
            return List.of();
        }
    }

    @Override
    public void removexattr(String p, String name) {
        UserDefinedFileAttributeView v = xattrs(p, name);
        try {
            String n = GuestNames.toUnicode(name.substring(5));
            if (!v.list().contains(n)) throw new ErrnoException(Errno.ENODATA);
            v.delete(n);
        } catch (IOException e) {
            throw HostErrors.map(e);
        }
    }
}
