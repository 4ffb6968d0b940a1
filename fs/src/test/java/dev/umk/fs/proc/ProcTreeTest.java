package dev.umk.fs.proc;

import static dev.umk.core.abi.FileFlags.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Stat;
import dev.umk.core.kernel.Credentials;
import dev.umk.fs.OpenFile;
import dev.umk.fs.pipe.Pipes;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shape of /proc: self links, process directories coming and going, fds, ownership. */
class ProcTreeTest extends ProcTestKit {
    @Test
    void selfLinksToTheCallingProcess() {
        assertEquals("42", readlink("/proc/self"));
        procs.current = other;
        assertEquals("7", readlink("/proc/self"));
        assertEquals(stat("/proc/7").ino, stat("/proc/self").ino, "following self reaches the process directory");
    }

    @Test
    void selfIsEnoentForAThreadServingNoTask() {
        procs.current = null;
        assertErrno(Errno.ENOENT, () -> readlink("/proc/self"));
        assertErrno(Errno.ENOENT, () -> stat("/proc/self/status"));
    }

    @Test
    void threadSelfNamesTheTaskDirectory() {
        assertEquals("42/task/42", readlink("/proc/thread-self"));
        assertEquals(S_IFDIR, stat("/proc/thread-self").mode & S_IFMT);
    }

    @Test
    void rootListsSystemFilesThenProcesses() {
        List<String> names = list("/proc");
        assertTrue(names.containsAll(List.of("self", "thread-self", "mounts", "meminfo", "cpuinfo", "stat",
                "uptime", "loadavg", "version", "filesystems", "sys")), names.toString());
        assertEquals(List.of("7", "42"), names.subList(names.size() - 2, names.size()));
        assertTrue(names.indexOf("sys") < names.indexOf("7"));
    }

    @Test
    void listingResumesAcrossSmallGetdentsBuffers() {
        OpenFile d = open("/proc", O_RDONLY | O_DIRECTORY, 0);
        List<String> names = new java.util.ArrayList<>();
        ByteBuffer b = ByteBuffer.allocate(40).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int n;
        while ((n = d.getdents64(b.clear())) > 0) {
            for (int p = 0; p < n; ) {
                int reclen = b.getShort(p + 16);
                int end = p + 19;
                while (b.get(end) != 0) end++;
                names.add(new String(b.array(), p + 19, end - p - 19));
                p += reclen;
            }
        }
        d.put();
        List<String> expected = new java.util.ArrayList<>(List.of(".", ".."));
        expected.addAll(list("/proc"));
        assertEquals(expected, names);
    }

    @Test
    void processDirectoryHasLinuxEntries() {
        List<String> names = list("/proc/42");
        assertEquals("task", names.get(0));
        assertTrue(names.containsAll(List.of("fd", "fdinfo", "environ", "auxv", "status", "limits", "comm",
                "cmdline", "stat", "statm", "maps", "cwd", "root", "exe", "mounts", "mountinfo", "smaps",
                "smaps_rollup")), names.toString());
        assertFalse(list("/proc/42/task/42").contains("task"));
    }

    @Test
    void reapedProcessDisappearsAndOpenFilesFailWithEsrch() {
        OpenFile status = open("/proc/7/status", O_RDONLY, 0);
        assertTrue(read("/proc/7/status").startsWith("Name:\tdaemon\n"));
        procs.reap(other);
        assertErrno(Errno.ENOENT, () -> stat("/proc/7"));
        assertErrno(Errno.ENOENT, () -> stat("/proc/7/status"));
        assertFalse(list("/proc").contains("7"));
        assertErrno(Errno.ESRCH, () -> status.read(ByteBuffer.allocate(100), blocker));
        status.put();
    }

    @Test
    void reusedPidGetsAFreshDirectory() {
        long oldIno = stat("/proc/7").ino;
        procs.reap(other);
        FakeTask again = new FakeTask(7, 7, fs);
        again.comm = "newcomer".getBytes();
        procs.add(again);
        assertNotEquals(oldIno, stat("/proc/7").ino);
        assertEquals("newcomer\n", read("/proc/7/comm"));
    }

    @Test
    void entriesBelongToTheTasksEffectiveIds() {
        Stat st = stat("/proc/7/status");
        assertEquals(1000, st.uid);
        assertEquals(1000, st.gid);
        assertEquals(S_IFREG | 0444, st.mode);
        other.cred = Credentials.of(3000, 3000);
        assertEquals(3000, stat("/proc/7").uid, "a setuid shows at the next lookup");
        assertEquals(S_IFDIR | 0555, stat("/proc/7").mode);
        assertEquals(S_IFDIR | 0500, stat("/proc/7/fd").mode);
    }

    @Test
    void fdDirectoryIsPrivateToItsOwner() {
        assertErrno(Errno.EACCES, () -> open(OTHER, "/proc/7/fd", O_RDONLY | O_DIRECTORY));
        open(USER, "/proc/7/fd", O_RDONLY | O_DIRECTORY).put();
    }

    @Test
    void fdLinksNameFilesAndPipes() {
        writeFile("/tmp/data", "x");
        OpenFile f = open("/tmp/data", O_RDWR, 0);
        int fd = self.files.install(f, false, 1024);
        OpenFile[] pipe = new Pipes(clock).create(ROOT, 0);
        int rfd = self.files.install(pipe[0], false, 1024);
        int wfd = self.files.install(pipe[1], true, 1024);
        assertEquals(List.of(Integer.toString(fd), Integer.toString(rfd), Integer.toString(wfd)), list("/proc/self/fd"));
        assertEquals("/tmp/data", readlink("/proc/self/fd/" + fd));
        assertTrue(readlink("/proc/self/fd/" + rfd).matches("pipe:\\[\\d+]"), readlink("/proc/self/fd/" + rfd));
        assertEquals(S_IFLNK | 0700, lstat("/proc/self/fd/" + fd).mode);
        assertEquals(S_IFLNK | 0500, lstat("/proc/self/fd/" + rfd).mode);
        assertEquals(S_IFLNK | 0300, lstat("/proc/self/fd/" + wfd).mode);
        assertEquals("x", read("/proc/self/fd/" + fd), "the link leads to the file");
        self.files.closeAll();
    }

    @Test
    void magicLinksGiveThePlaceItselfEvenForPipes() {
        OpenFile[] pipe = new Pipes(clock).create(ROOT, 0);
        int rfd = self.files.install(pipe[0], false, 1024);
        self.files.install(pipe[1], false, 1024);
        PseudoSymlink link = (PseudoSymlink) vfs.walker().lookup(fs.root(), fs.cwd(), ROOT, "/proc/self/fd/" + rfd, 0)
                .inode();
        assertSame(pipe[0].path().dentry(), link.magicLink().dentry());
        PseudoSymlink cwd = (PseudoSymlink) vfs.walker().lookup(fs.root(), fs.cwd(), ROOT, "/proc/7/cwd", 0).inode();
        assertEquals(fs.cwd(), cwd.magicLink());
        procs.current = other;
        assertErrno(Errno.EACCES, () -> link.magicLink());
        PseudoSymlink self = (PseudoSymlink) vfs.walker().lookup(fs.root(), fs.cwd(), ROOT, "/proc/self", 0).inode();
        assertNull(self.magicLink(), "/proc/self is an ordinary link");
        procs.current = this.self;
        this.self.files.closeAll();
    }

    @Test
    void closedFdDisappearsAndAReusedNumberShowsTheNewFile() {
        writeFile("/tmp/a", "a");
        writeFile("/tmp/b", "b");
        int fd = self.files.install(open("/tmp/a", O_RDONLY, 0), false, 1024);
        assertEquals("/tmp/a", readlink("/proc/self/fd/" + fd));
        self.files.close(fd);
        assertErrno(Errno.ENOENT, () -> readlink("/proc/self/fd/" + fd));
        assertEquals(fd, self.files.install(open("/tmp/b", O_WRONLY, 0), false, 1024));
        assertEquals("/tmp/b", readlink("/proc/self/fd/" + fd));
        assertEquals(S_IFLNK | 0300, lstat("/proc/self/fd/" + fd).mode);
        self.files.closeAll();
    }

    @Test
    void fdinfoShowsPositionFlagsMountAndInode() {
        writeFile("/tmp/data", "hello");
        OpenFile f = open("/tmp/data", O_RDWR | O_APPEND, 0);
        f.lseek(3, SEEK_SET);
        int fd = self.files.install(f, true, 1024);
        String expected = "pos:\t3\nflags:\t02102002\nmnt_id:\t" + f.path().mount().id() + "\nino:\t"
                + f.inode().ino() + "\n";
        assertEquals(expected, read("/proc/self/fdinfo/" + fd));
        assertEquals(S_IFREG | 0400, stat("/proc/self/fdinfo/" + fd).mode);
        self.files.closeAll();
    }

    @Test
    void fdNamesMustBeCanonicalNumbers() {
        writeFile("/tmp/data", "x");
        self.files.install(open("/tmp/data", O_RDONLY, 0), false, 1024);
        assertEquals("/tmp/data", readlink("/proc/self/fd/0"));
        assertErrno(Errno.ENOENT, () -> readlink("/proc/self/fd/00"));
        assertErrno(Errno.ENOENT, () -> readlink("/proc/self/fd/+0"));
        self.files.closeAll();
    }

    @Test
    void cwdRootAndExeLinks() {
        mkdir("/tmp/work", 0755);
        writeFile("/tmp/work/file", "in cwd");
        vfs.chdir(fs, ROOT, null, "/tmp/work");
        assertEquals("/tmp/work", readlink("/proc/self/cwd"));
        assertEquals("/", readlink("/proc/self/root"));
        assertEquals("/bin/init", readlink("/proc/self/exe"));
        assertEquals("in cwd", read("/proc/self/cwd/file"));
    }

    @Test
    void anotherUsersLinksAndEnvironmentAreRefused() {
        procs.current = other;
        assertErrno(Errno.EACCES, () -> readlink("/proc/42/cwd"));
        assertErrno(Errno.EACCES, () -> readlink("/proc/42/exe"));
        assertErrno(Errno.EACCES, () -> vfs.open(fs, USER, null, "/proc/42/maps", O_RDONLY, 0, blocker));
        procs.current = self;
        assertEquals("/", readlink("/proc/7/cwd"), "root may look at anyone");
    }

    @Test
    void taskDirectoryListsThreadsAndHiddenThreadsResolve() {
        self.threads = new int[] {42, 43};
        FakeTask thread = new FakeTask(43, 42, fs);
        thread.comm = "worker".getBytes();
        thread.threads = self.threads;
        procs.add(thread);
        assertEquals(List.of("42", "43"), list("/proc/42/task"));
        assertEquals("worker\n", read("/proc/42/task/43/comm"));
        assertTrue(read("/proc/43/status").contains("\nPid:\t43\n"), "a thread id resolves though unlisted");
        assertFalse(list("/proc").contains("43"));
        assertErrno(Errno.ENOENT, () -> stat("/proc/7/task/43"));
    }

    @Test
    void commWriteRenamesOwnProcessOnly() {
        OpenFile f = open("/proc/self/comm", O_WRONLY, 0);
        f.write(ByteBuffer.wrap("a-much-longer-name-than-fits".getBytes()), blocker);
        f.put();
        assertEquals("a-much-longer-n\n", read("/proc/42/comm"));
        OpenFile g = open("/proc/7/comm", O_WRONLY, 0);
        assertErrno(Errno.EINVAL, () -> g.write(ByteBuffer.wrap("x".getBytes()), blocker));
        g.put();
    }

    @Test
    void readOnlyFilesRefuseWritesWithEinval() {
        OpenFile f = open("/proc/self/status", O_WRONLY, 0);
        assertErrno(Errno.EINVAL, () -> f.write(ByteBuffer.wrap("x".getBytes()), blocker));
        f.put();
    }

    @Test
    void contentIsASnapshotUntilReadFromTheStart() {
        OpenFile f = open("/proc/self/comm", O_RDONLY, 0);
        ByteBuffer b = ByteBuffer.allocate(2);
        assertEquals(2, f.read(b, blocker));
        self.comm = "changed".getBytes();
        ByteBuffer rest = ByteBuffer.allocate(10);
        f.read(rest, blocker);
        assertEquals("it\n", new String(rest.array(), 0, rest.position()));
        f.lseek(0, SEEK_SET);
        ByteBuffer again = ByteBuffer.allocate(10);
        f.read(again, blocker);
        assertEquals("changed\n", new String(again.array(), 0, again.position()));
        assertErrno(Errno.EINVAL, () -> f.lseek(0, SEEK_END));
        f.put();
    }

    @Test
    void procFilesReportSizeZero() {
        assertEquals(0, stat("/proc/self/status").size);
        assertEquals(0, stat("/proc/meminfo").size);
    }

    @Test
    void hidingProcessesIsRefusedAsAnOption() {
        mkdir("/proc2", 0555);
        assertErrno(Errno.EINVAL, () -> vfs.mount(fs, ROOT, "proc", null, "/proc2", "proc", 0, "hidepid=2"));
        vfs.mount(fs, ROOT, "proc", null, "/proc2", "proc", 0, "hidepid=0,gid=5");
        assertEquals("42", readlink("/proc2/self"));
    }

    @Test
    void mountsLinkPointsIntoSelf() {
        assertEquals("self/mounts", readlink("/proc/mounts"));
        assertTrue(read("/proc/mounts").contains("proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n"));
    }
}
