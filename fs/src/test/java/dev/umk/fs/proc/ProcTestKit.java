package dev.umk.fs.proc;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.fs.FsTestKit;
import dev.umk.fs.MountFlags;
import dev.umk.fs.OpenFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;

/** A VFS with procfs mounted on /proc over fake processes: pid 42 (the caller) and pid 7. */
class ProcTestKit extends FsTestKit {
    static final String HOST_CPUINFO = "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Test CPU @ 3.00GHz\n"
            + "physical id\t: 0\nsiblings\t: 16\ncore id\t\t: 0\ncpu cores\t: 8\napicid\t\t: 0\ninitial apicid\t: 0\n"
            + "flags\t\t: fpu vme sse2\npower management:\n\nprocessor\t: 1\nvendor_id\t: GenuineIntel\n\n";

    protected final FakeProcesses procs = new FakeProcesses();
    protected final FakeKernel kernel = new FakeKernel();
    protected FakeTask self;
    protected FakeTask other;

    @BeforeEach
    void mountProc() {
        mkdir("/proc", 0555);
        mkdir("/tmp", 01777);
        vfs.registerFileSystem(new ProcFsType(new ProcEnv(vfs, procs, kernel, HOST_CPUINFO), clock));
        vfs.mount(fs, ROOT, "proc", null, "/proc", "proc",
                MountFlags.MS_NOSUID | MountFlags.MS_NODEV | MountFlags.MS_NOEXEC, "");
        self = new FakeTask(42, 42, fs);
        self.ppid = 1;
        procs.add(self);
        procs.current = self;
        other = new FakeTask(7, 7, fs);
        other.comm = "daemon".getBytes();
        other.cred = USER;
        procs.add(other);
    }

    protected String read(String path) {
        return readFile(path);
    }

    protected byte[] readBytes(String path) {
        OpenFile f = open(path, O_RDONLY, 0);
        try {
            ByteBuffer b = ByteBuffer.allocate(1 << 16);
            while (f.read(b, blocker) > 0) { }
            b.flip();
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } finally {
            f.put();
        }
    }

    protected String readlink(String path) {
        return vfs.readlink(fs, ROOT, null, path);
    }

    /** Directory entries (without "." and "..") in listing order. */
    protected List<String> list(String path) {
        OpenFile d = open(path, O_RDONLY | O_DIRECTORY, 0);
        try {
            List<String> names = new ArrayList<>();
            d.iterate((name, ino, type, next) -> {
                if (!name.equals(".") && !name.equals("..")) names.add(name);
                return true;
            });
            return names;
        } finally {
            d.put();
        }
    }

    protected static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
