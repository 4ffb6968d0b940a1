package dev.umk.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /proc and /sys are umk's own: the guest's program, its VMAs, the vCPUs umk gives it. */
class ProcTest {
    private static final Path BUSYBOX = Path.of("/bin/busybox");

    private static String umk(List<String> options, String script) {
        ProcessResult r = new UmkLauncher(false, options).launch(new Invocation(BUSYBOX, List.of("sh", "-c", script),
                Map.of("PATH", "/usr/bin:/bin"), new byte[0], Duration.ofSeconds(120)));
        assertEquals(0, r.exitStatus(), () -> "umk failed: " + r.stderr());
        return new String(r.stdout(), StandardCharsets.UTF_8);
    }

    @Test
    void selfExeNamesTheRunningProgramAsOnLinux() {
        Differential.of(BUSYBOX).args("readlink", "/proc/self/exe").run().assertNativeStatus(0).assertSame();
    }

    @Test
    void cpuinfoSysfsAndNprocAgreeWithTheVcpuCount() {
        String out = umk(List.of("--cpus", "3"),
                "grep -c ^processor /proc/cpuinfo; cat /sys/devices/system/cpu/online; nproc");
        assertEquals("3\n0-2\n3\n", out);
    }

    @Test
    void mapsShowsUmksAreasOfTheProcess() {
        String out = umk(List.of(), "cat /proc/self/maps");
        assertTrue(out.contains("/usr/bin/busybox") || out.contains("/bin/busybox"), out);
        assertTrue(out.contains("[stack]"), out);
        assertTrue(out.contains("[heap]"), out);
        // umk's stub lives above the guest's TASK_SIZE and is never shown.
        assertTrue(!out.contains("7ff000000000-"), out);
    }

    @Test
    void statusReportsTheProcessIdentity() {
        String out = umk(List.of("--user", "1234:4321"), "grep -E '^(Name|Uid|Gid):' /proc/self/status");
        assertTrue(out.contains("Name:\tgrep"), out);
        assertTrue(out.contains("Uid:\t1234\t1234\t1234\t1234"), out);
        assertTrue(out.contains("Gid:\t4321\t4321\t4321\t4321"), out);
    }

    @Test
    void oomScoreAdjIsWritableAndInheritedAsLtpsLibraryNeeds() {
        String out = umk(List.of(), "echo -1000 > /proc/self/oom_score_adj && cat /proc/$$/oom_score_adj /proc/$$/oom_adj"
                + " && sh -c 'cat /proc/self/oom_score_adj'");
        assertEquals("-1000\n-17\n-1000\n", out);
    }

    @Test
    void configGzListsWhatUmkImplements() {
        String out = umk(List.of(), "zcat /proc/config.gz | grep -E '^(CONFIG_EVENTFD|# CONFIG_PID_NS)'");
        assertEquals("CONFIG_EVENTFD=y\n# CONFIG_PID_NS is not set\n", out);
    }

    @Test
    void sysctlsLtpReadsExist() {
        String out = umk(List.of(), "cat /proc/sys/kernel/tainted /proc/sys/fs/pipe-user-pages-soft"
                + " /proc/sys/fs/pipe-user-pages-hard; echo 500 > /proc/sys/kernel/ns_last_pid; sh -c 'echo $$'; true");
        assertEquals("0\n16384\n0\n501\n", out);
    }
}
