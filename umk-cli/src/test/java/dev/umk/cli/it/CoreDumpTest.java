package dev.umk.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * coredump.c under umk: SIGSEGV, SIGABRT, SIGQUIT with two threads, RLIMIT_CORE 0 and a core
 * cut at RLIMIT_CORE; the wait statuses (WCOREDUMP) and what the core files hold must match
 * Linux. Then a core written into a host directory (--volume) is read by the real tools:
 * readelf lists its notes, and gdb finds the function that faulted.
 */
class CoreDumpTest {

    /** The native half names its core "core" in the cwd only with Linux's default settings. */
    private static void assumeDefaultCorePattern() throws IOException {
        Path pattern = Path.of("/proc/sys/kernel/core_pattern");
        Path usesPid = Path.of("/proc/sys/kernel/core_uses_pid");
        String p = Files.isReadable(pattern) ? Files.readString(pattern).strip() : "?";
        String u = Files.isReadable(usesPid) ? Files.readString(usesPid).strip() : "?";
        assumeTrue(p.equals("core"), "the host's core_pattern is " + p + ", not core");
        assumeTrue(u.equals("0"), "the host's core_uses_pid is " + u + ", not 0");
    }

    @Test
    void coreDumpingSignalsWriteCoreFilesAsLinuxDoes() throws IOException {
        assumeDefaultCorePattern();
        Differential.of("coredump").run().assertNativeStatus(0).assertSame();
    }

    @Test
    void readelfAndGdbReadUmksCoreFile(@TempDir Path dir) throws IOException {
        Path prog = GuestPrograms.binary("coredump");
        Invocation inv = new Invocation(prog, List.of("keep", "/cores"), Map.of(), new byte[0],
                Duration.ofSeconds(Differential.DEFAULT_UMK_TIMEOUT_SECONDS));
        ProcessResult umk = new UmkLauncher(false, List.of("--volume", dir + ":/cores")).launch(inv);
        assertEquals(0, umk.exitStatus(), umk.describe("umk"));
        assertTrue(umk.stdoutText().startsWith("segv: signaled=1 termsig=11 coredump=1\n"), umk.describe("umk"));
        Path core = dir.resolve("core");
        assertTrue(Files.isRegularFile(core), "no core file in the volume: " + list(dir));

        Path readelf = Path.of("/usr/bin/readelf");
        assumeTrue(Files.isExecutable(readelf), "no readelf (binutils)");
        ProcessResult notes = Subprocess.run(List.of(readelf.toString(), "-n", core.toString()), null, new byte[0],
                Duration.ofSeconds(30));
        assertEquals(0, notes.exitStatus(), notes.describe("readelf"));
        // Only the note list: readelf also dumps NT_X86_XSTATE in hex.
        String list = notes.stdoutText().lines().filter(l -> l.matches("\\s+(CORE|LINUX)\\s.*")).collect(Collectors.joining("\n"));
        for (String n : List.of("NT_PRSTATUS", "NT_PRPSINFO", "NT_SIGINFO", "NT_AUXV", "NT_FILE", "NT_FPREGSET")) {
            assertTrue(list.contains(n), n + " missing:\n" + list);
        }
        byte[] bytes = Files.readAllBytes(core);
        assertTrue(new String(bytes, StandardCharsets.ISO_8859_1).contains(prog + "\0"), "NT_FILE names the program");

        Path gdb = Path.of("/usr/bin/gdb");
        assumeTrue(Files.isExecutable(gdb), "no gdb");
        ProcessResult bt = Subprocess.run(List.of(gdb.toString(), "-nx", "-batch", "-ex", "bt", prog.toString(),
                core.toString()), null, new byte[0], Duration.ofSeconds(60));
        String out = bt.stdoutText() + bt.stderr();
        assertTrue(out.contains("crash_here"), "gdb's backtrace lacks the faulting function:\n" + out);
        assertTrue(out.contains("SIGSEGV"), "gdb names the signal:\n" + out);
    }

    private static String list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted(Comparator.naturalOrder()).toList().toString();
        }
    }
}
