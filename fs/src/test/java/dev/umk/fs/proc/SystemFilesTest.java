package dev.umk.fs.proc;

import static dev.umk.core.abi.FileFlags.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import dev.umk.fs.OpenFile;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The system-wide files of /proc and /proc/sys. */
class SystemFilesTest extends ProcTestKit {
    @Test
    void meminfoReportsFramesInLinuxColumns() {
        String m = read("/proc/meminfo");
        assertTrue(m.startsWith("MemTotal:        1048576 kB\nMemFree:          786432 kB\n"
                + "MemAvailable:     786432 kB\nBuffers:               0 kB\n"), m);
        assertTrue(m.contains("\nAnonPages:        262144 kB\n"));
        assertTrue(m.contains("\nSwapTotal:             0 kB\n"));
        assertTrue(m.contains("\nHardwareCorrupted:     0 kB\n"));
        assertTrue(m.contains("\nHugePages_Total:       0\n"));
        assertTrue(m.contains("\nHugepagesize:       2048 kB\n"));
        assertTrue(m.endsWith("DirectMap1G:           0 kB\n"));
    }

    @Test
    void cpuinfoHasOneRenumberedEntryPerVcpu() {
        String c = read("/proc/cpuinfo");
        String[] entries = c.split("\n\n");
        assertEquals(4, entries.length);
        assertEquals("processor\t: 2\nvendor_id\t: GenuineIntel\nmodel name\t: Test CPU @ 3.00GHz\n"
                + "physical id\t: 0\nsiblings\t: 4\ncore id\t\t: 2\ncpu cores\t: 4\napicid\t\t: 2\n"
                + "initial apicid\t: 2\nflags\t\t: fpu vme sse2\npower management:", entries[2]);
        assertTrue(c.endsWith("power management:\n\n"));
        assertEquals(4, Arrays.stream(c.split("\n")).filter(l -> l.startsWith("processor")).count());
    }

    @Test
    void cpuinfoWithoutHostTextStillCountsVcpus() {
        String text = text(CpuInfo.show("", 2));
        assertEquals(2, Arrays.stream(text.split("\n")).filter(l -> l.startsWith("processor")).count());
    }

    @Test
    void statHasCpuLinesInTicksAndCounters() {
        String expected = "cpu  1000 0 200 4936768 0 0 0 0 0 0\n"
                + "cpu0 100 0 50 1234417 0 0 0 0 0 0\n"
                + "cpu1 200 0 50 1234267 0 0 0 0 0 0\n"
                + "cpu2 300 0 50 1234117 0 0 0 0 0 0\n"
                + "cpu3 400 0 50 1233967 0 0 0 0 0 0\n"
                + "intr 0\nctxt 0\nbtime 1700000000\nprocesses 57\nprocs_running 1\nprocs_blocked 0\n"
                + "softirq 0 0 0 0 0 0 0 0 0 0 0\n";
        assertEquals(expected, read("/proc/stat"));
    }

    @Test
    void uptimeAndLoadavgFormats() {
        assertEquals("12345.67 49367.68\n", read("/proc/uptime"));
        assertEquals("0.00 0.00 0.00 1/3 57\n", read("/proc/loadavg"));
    }

    @Test
    void versionAgreesWithUname() {
        assertEquals("Linux version 6.1.0-umk (umk@umk) (umk) #1 SMP PREEMPT_DYNAMIC umk\n", read("/proc/version"));
        assertEquals("6.1.0-umk\n", read("/proc/sys/kernel/osrelease"));
        assertEquals("#1 SMP PREEMPT_DYNAMIC umk\n", read("/proc/sys/kernel/version"));
        assertEquals("Linux\n", read("/proc/sys/kernel/ostype"));
    }

    @Test
    void filesystemsMarksVirtualOnesNodev() {
        assertEquals("nodev\tproc\nnodev\ttmpfs\n", read("/proc/filesystems"));
        assertEquals("\text4\n", text(SystemFiles.filesystems(java.util.List.of("ext4"))));
    }

    @Test
    void sysctlsShowKernelLimits() {
        assertEquals("4194304\n", read("/proc/sys/kernel/pid_max"));
        assertEquals("0\n", read("/proc/sys/vm/overcommit_memory"));
        assertEquals("1048576\n", read("/proc/sys/fs/nr_open"));
        assertEquals(read("/proc/sys/kernel/random/boot_id"), read("/proc/sys/kernel/random/boot_id"));
        assertNotEquals(read("/proc/sys/kernel/random/uuid"), read("/proc/sys/kernel/random/uuid"));
        assertTrue(read("/proc/sys/kernel/random/uuid").matches("[0-9a-f-]{36}\n"));
    }

    @Test
    void hostnameIsWritableByRootOnly() {
        assertEquals("umk\n", read("/proc/sys/kernel/hostname"));
        OpenFile f = open("/proc/sys/kernel/hostname", O_WRONLY, 0);
        f.write(ByteBuffer.wrap("box\n".getBytes()), blocker);
        f.put();
        assertEquals("box", kernel.hostname);
        assertEquals("box\n", read("/proc/sys/kernel/hostname"));
        assertErrno(Errno.EACCES, () -> open(USER, "/proc/sys/kernel/hostname", O_WRONLY));
        OpenFile ro = open("/proc/sys/kernel/pid_max", O_WRONLY, 0);
        assertErrno(Errno.EINVAL, () -> ro.write(ByteBuffer.wrap("1".getBytes()), blocker), "read-only sysctl");
        ro.put();
    }

    @Test
    void corePatternAndCoreUsesPidAreWritableByRootOnly() {
        assertEquals("core\n", read("/proc/sys/kernel/core_pattern"));
        assertEquals("0\n", read("/proc/sys/kernel/core_uses_pid"));
        OpenFile f = open("/proc/sys/kernel/core_pattern", O_WRONLY | O_CREAT | O_TRUNC, 0666);
        f.write(ByteBuffer.wrap("/tmp/core.%e.%p\n".getBytes()), blocker);
        f.put();
        assertEquals("/tmp/core.%e.%p", kernel.corePattern);
        assertEquals("/tmp/core.%e.%p\n", read("/proc/sys/kernel/core_pattern"));
        OpenFile u = open("/proc/sys/kernel/core_uses_pid", O_WRONLY, 0);
        u.write(ByteBuffer.wrap("1\n".getBytes()), blocker);
        assertErrno(Errno.EINVAL, () -> u.write(ByteBuffer.wrap("yes".getBytes()), blocker), "not a number");
        u.put();
        assertEquals(1, kernel.coreUsesPid);
        assertErrno(Errno.EACCES, () -> open(USER, "/proc/sys/kernel/core_pattern", O_WRONLY));
        assertErrno(Errno.EACCES, () -> open(USER, "/proc/sys/kernel/core_uses_pid", O_WRONLY));
    }

    @Test
    void hostnameIsCutToTheUtsFieldSize() {
        OpenFile f = open("/proc/sys/kernel/hostname", O_WRONLY, 0);
        f.write(ByteBuffer.wrap("h".repeat(100).getBytes()), blocker);
        f.put();
        assertEquals(64, kernel.hostname.length());
    }

    @Test
    void procStatfsSaysProc() {
        assertEquals(ProcSuperBlock.MAGIC, vfs.statfs(fs, ROOT, null, "/proc/self").type);
    }
}
