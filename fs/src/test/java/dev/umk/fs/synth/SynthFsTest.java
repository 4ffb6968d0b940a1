package dev.umk.fs.synth;

import static dev.umk.core.abi.FileFlags.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import dev.umk.fs.FsTestKit;
import dev.umk.fs.Inode;
import dev.umk.fs.OpenFile;
import dev.umk.fs.VfsPath;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A miniature procfs built on the synthetic filesystem base. */
class SynthFsTest extends FsTestKit {
    private final ConcurrentSkipListSet<Integer> pids = new ConcurrentSkipListSet<>(List.of(1, 42));
    private final AtomicInteger opens = new AtomicInteger();
    private final StringBuilder sysctl = new StringBuilder("0");
    private VfsPath openTarget;
    private SynthFs proc;

    @BeforeEach
    void mountProc() {
        proc = new SynthFs("proc", 0x9fa0, clock, 0555);
        SynthDir root = proc.rootDir();
        root.addFile("meminfo", 0444, f -> ("MemTotal: 1 kB #" + opens.incrementAndGet() + "\n").getBytes());
        root.addSymlink("self", () -> "42");
        root.addDir("sys", 0555).addFile("value", 0644, f -> sysctl.toString().getBytes(),
                (f, data, pos) -> sysctl.replace(0, sysctl.length(), new String(data).trim()));
        SynthDir.Entries perPid = new SynthDir.Entries() {
            @Override
            public Inode lookup(SynthDir dir, String name) {
                int pid;
                try {
                    pid = Integer.parseInt(name);
                } catch (NumberFormatException e) {
                    return null;
                }
                if (!pids.contains(pid)) return null;
                SynthDir d = dir.newDir(proc.stableIno("pid:" + pid), 0555, pid * 10, pid * 10, null);
                d.addFile("stat", 0444, f -> (pid + " (x) R\n").getBytes());
                d.add("cwd", SynthSymlink.magic(proc, proc.stableIno("cwd:" + pid), () -> "/target", () -> openTarget));
                return d;
            }

            @Override
            public List<String> names(SynthDir dir) {
                return pids.stream().map(String::valueOf).toList();
            }
        };
        root.add("pids", root.newDir(0555, perPid));
        mkdir("/proc", 0555);
        vfs.mountAt(fs, ROOT, null, "/proc", proc, 0);
    }

    private String read(String path) {
        return readFile(path);
    }

    @Test
    void filesAreGeneratedPerOpen() {
        assertEquals("MemTotal: 1 kB #1\n", read("/proc/meminfo"));
        assertEquals("MemTotal: 1 kB #2\n", read("/proc/meminfo"));
        assertEquals(0, stat("/proc/meminfo").size);
        OpenFile f = open("/proc/meminfo", O_RDONLY, 0);
        ByteBuffer b = ByteBuffer.allocate(5);
        f.read(b, blocker);
        f.lseek(0, SEEK_SET);
        assertEquals("MemTotal: 1 kB #3\n", readAll(f), "one snapshot per open, re-read after a seek");
        f.put();
    }

    @Test
    void symlinksAreComputed() {
        assertEquals("42", vfs.readlink(fs, ROOT, null, "/proc/self"));
    }

    @Test
    void dynamicDirectoriesFollowTheProvider() {
        assertEquals("42 (x) R\n", read("/proc/pids/42/stat"));
        assertEquals(420, stat("/proc/pids/42").uid);
        long ino = stat("/proc/pids/42").ino;
        OpenFile d = open("/proc/pids", O_RDONLY | O_DIRECTORY, 0);
        List<String> names = new ArrayList<>();
        d.iterate((n, i, t, next) -> names.add(n));
        d.put();
        assertEquals(List.of(".", "..", "1", "42"), names);
        assertErrno(Errno.ENOENT, () -> stat("/proc/pids/7"));
        pids.add(7);
        assertEquals("7 (x) R\n", read("/proc/pids/7/stat"));
        assertEquals(ino, proc.stableIno("pid:42"));
    }

    @Test
    void writableFilesTakeWrites() {
        OpenFile f = open("/proc/sys/value", O_WRONLY | O_TRUNC, 0);
        f.write(ByteBuffer.wrap("17\n".getBytes(StandardCharsets.US_ASCII)), blocker);
        f.put();
        assertEquals("17", read("/proc/sys/value"));
        assertErrno(Errno.EACCES, () -> vfs.open(fs, USER, null, "/proc/sys/value", O_WRONLY, 0, blocker));
        OpenFile ro = open("/proc/meminfo", O_RDWR, 0);
        assertErrno(Errno.EIO, () -> ro.write(ByteBuffer.allocate(1), blocker));
        ro.put();
    }

    @Test
    void magicLinksJumpToThePlace() {
        writeFile("/target", "reached");
        OpenFile held = open("/target", O_RDONLY, 0);
        openTarget = held.path();
        vfs.unlink(fs, ROOT, null, "/target");
        assertEquals("reached", read("/proc/pids/1/cwd"), "a deleted but open file is still reachable");
        held.put();
        assertEquals("/target", vfs.readlink(fs, ROOT, null, "/proc/pids/1/cwd"));
        openTarget = null;
        assertErrno(Errno.ENOENT, () -> read("/proc/pids/1/cwd"));
    }

    @Test
    void magicLinkToADirectoryCanBeWalkedThrough() {
        mkdir("/dir", 0755);
        writeFile("/dir/inside", "in");
        openTarget = vfs.walker().lookup(fs.root(), fs.cwd(), ROOT, "/dir", 0);
        assertEquals("in", read("/proc/pids/42/cwd/inside"));
        assertErrno(Errno.EISDIR, () -> open("/proc/pids/42/cwd", O_CREAT | O_WRONLY, 0644));
    }

    @Test
    void theTreeCannotBeChanged() {
        assertErrno(Errno.EPERM, () -> mkdir("/proc/x", 0755));
        assertErrno(Errno.EACCES, () -> open("/proc/newfile", O_CREAT | O_WRONLY, 0644));
        assertErrno(Errno.EPERM, () -> vfs.chmod(fs, ROOT, null, "/proc/meminfo", 0777, 0));
        assertErrno(Errno.EPERM, () -> vfs.unlink(fs, ROOT, null, "/proc/meminfo"));
        assertErrno(Errno.EPERM, () -> vfs.rename(fs, ROOT, null, "/proc/meminfo", null, "/proc/m2", 0));
    }
}
