package dev.umk.fs.proc;

import static dev.umk.core.abi.FileFlags.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import dev.umk.fs.OpenFile;
import dev.umk.fs.PollEvents;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The proc files LTP's library and tests depend on: oom_score_adj (written by every test),
 * config.gz (tst_kconfig), kernel.tainted, kernel.ns_last_pid, the pipe user-page sysctls,
 * VmHWM and POLLPRI on /proc/PID/mounts.
 */
class LtpProcFilesTest extends ProcTestKit {
    private void write(String path, String text) {
        OpenFile f = open(path, O_WRONLY, 0);
        try {
            f.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1)), blocker);
        } finally {
            f.put();
        }
    }

    @Test
    void oomScoreAdjIsWritableAndReadsBack() {
        assertEquals(0644, stat("/proc/self/oom_score_adj").mode & 07777);
        assertEquals("0\n", read("/proc/self/oom_score_adj"));
        write("/proc/self/oom_score_adj", "-1000\n");
        assertEquals("-1000\n", read("/proc/42/oom_score_adj"));
        assertEquals("-17\n", read("/proc/42/oom_adj"), "oom_adj shows the legacy scale");
        assertEquals("-1000\n", read("/proc/42/task/42/oom_score_adj"));
        write("/proc/self/oom_score_adj", "0x1f4");
        assertEquals("500\n", read("/proc/self/oom_score_adj"));
    }

    @Test
    void oomScoreAdjOutOfRangeOrGarbageIsEinval() {
        assertErrno(Errno.EINVAL, () -> write("/proc/self/oom_score_adj", "1001"));
        assertErrno(Errno.EINVAL, () -> write("/proc/self/oom_score_adj", "-1001"));
        assertErrno(Errno.EINVAL, () -> write("/proc/self/oom_score_adj", "12abc"));
        assertErrno(Errno.EINVAL, () -> write("/proc/self/oom_score_adj", ""));
        assertErrno(Errno.EINVAL, () -> write("/proc/self/oom_adj", "16"));
        assertEquals("0\n", read("/proc/self/oom_score_adj"));
    }

    @Test
    void loweringBelowTheFloorNeedsCapSysResource() {
        self.cred = USER;
        write("/proc/self/oom_score_adj", "300");
        write("/proc/self/oom_score_adj", "0");
        assertErrno(Errno.EACCES, () -> write("/proc/self/oom_score_adj", "-1"));
        self.cred = ROOT;
        write("/proc/self/oom_score_adj", "-500");
        self.cred = USER;
        write("/proc/self/oom_score_adj", "-500");
        assertErrno(Errno.EACCES, () -> write("/proc/self/oom_score_adj", "-501"));
    }

    @Test
    void legacyOomAdjMayNotGoBelowTheCurrentValueUnprivileged() {
        self.cred = USER;
        write("/proc/self/oom_adj", "15");
        assertErrno(Errno.EACCES, () -> write("/proc/self/oom_adj", "8"));
        write("/proc/self/oom_score_adj", "100");
        assertEquals("100\n", read("/proc/self/oom_score_adj"));
    }

    @Test
    void legacyOomAdjMapsOntoTheScore() {
        write("/proc/self/oom_adj", "15");
        assertEquals("1000\n", read("/proc/self/oom_score_adj"));
        assertEquals("15\n", read("/proc/self/oom_adj"));
        write("/proc/self/oom_adj", "-17");
        assertEquals("-1000\n", read("/proc/self/oom_score_adj"));
        write("/proc/self/oom_adj", "8");
        assertEquals("470\n", read("/proc/self/oom_score_adj"));
        assertEquals("7\n", read("/proc/self/oom_adj"), "the scale rounds toward zero both ways");
    }

    @Test
    void configGzIsAGzippedKconfigOfWhatUmkHas() throws IOException {
        byte[] gz = readBytes("/proc/config.gz");
        String text;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        assertTrue(text.contains("\nCONFIG_EVENTFD=y\n"), text);
        assertTrue(text.contains("\nCONFIG_TMPFS=y\n"));
        assertTrue(text.contains("\n# CONFIG_PID_NS is not set\n"));
        assertTrue(text.contains("\n# CONFIG_SYSVIPC is not set\n"));
        for (String line : text.split("\n")) {
            assertTrue(line.startsWith("#") || line.matches("CONFIG_[A-Z0-9_]+=y"), line);
        }
    }

    @Test
    void taintedAndPipeUserPagesHaveLinuxDefaults() {
        assertEquals("0\n", read("/proc/sys/kernel/tainted"));
        assertEquals("16384\n", read("/proc/sys/fs/pipe-user-pages-soft"));
        assertEquals("0\n", read("/proc/sys/fs/pipe-user-pages-hard"));
    }

    @Test
    void nsLastPidMovesThePidCursorForPrivilegedWritersOnly() {
        assertEquals("57\n", read("/proc/sys/kernel/ns_last_pid"));
        assertEquals(0666, stat("/proc/sys/kernel/ns_last_pid").mode & 07777);
        write("/proc/sys/kernel/ns_last_pid", "99\n");
        assertEquals(99, kernel.lastPid);
        assertErrno(Errno.EINVAL, () -> write("/proc/sys/kernel/ns_last_pid", "-1"));
        assertErrno(Errno.EINVAL, () -> write("/proc/sys/kernel/ns_last_pid", "4194305"));
        self.cred = USER;
        OpenFile f = open(USER, "/proc/sys/kernel/ns_last_pid", O_WRONLY);
        assertErrno(Errno.EPERM, () -> f.write(ByteBuffer.wrap("5".getBytes()), blocker));
        f.put();
        assertEquals(99, kernel.lastPid);
    }

    @Test
    void vmHwmShowsThePeakNotTheCurrentRss() {
        self.resident = 10;
        self.peakResident = 300;
        String status = read("/proc/self/status");
        assertTrue(status.contains("\nVmHWM:\t    1200 kB\n"), status);
        assertTrue(status.contains("\nVmRSS:\t      40 kB\n"), status);
    }

    @Test
    void mountsPollsPriOncePerMountChange() {
        mkdir("/tmp/m", 0755);
        OpenFile f = open("/proc/self/mounts", O_RDONLY, 0);
        try {
            assertEquals(PollEvents.IN, f.poll(), "no change since open");
            vfs.mount(fs, ROOT, "none", null, "/tmp/m", "tmpfs", 0, "");
            int r = f.poll();
            assertEquals(PollEvents.POLLPRI | PollEvents.POLLERR, r & (PollEvents.POLLPRI | PollEvents.POLLERR));
            assertEquals(PollEvents.IN, f.poll(), "reported once");
            vfs.umount(fs, ROOT, null, "/tmp/m", 0);
            assertNotEquals(0, f.poll() & PollEvents.POLLPRI);
            assertNotSame(dev.umk.fs.FileOperations.NO_WAKEUPS, f.waitQueue(), "epoll can watch it");
        } finally {
            f.put();
        }
    }
}
