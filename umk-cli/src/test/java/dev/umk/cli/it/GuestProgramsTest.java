package dev.umk.cli.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.AssertionFailedError;

/**
 * The guest programs themselves, on the host kernel only: they build, and they print the same
 * bytes on every run. Differential tests rest on that determinism, so it is checked here,
 * where a failure cannot be blamed on umk.
 */
class GuestProgramsTest {

    static List<String> programs() {
        return GuestPrograms.standard().names();
    }

    /** Programs that run to a normal exit (segv's output ends at its fault: tested apart). */
    static List<String> programsThatExit() {
        return programs().stream().filter(n -> !n.equals("segv")).toList();
    }

    @ParameterizedTest
    @MethodSource("programs")
    void everyProgramBuildsAsAStaticExecutable(String name) throws Exception {
        Path bin = GuestPrograms.binary(name);
        assertTrue(Files.isExecutable(bin), bin + " is not executable");
        byte[] head;
        try (InputStream in = Files.newInputStream(bin)) {
            head = in.readNBytes(4);
        }
        assertArrayEquals(new byte[] {0x7f, 'E', 'L', 'F'}, head, bin + " is not an ELF file");
    }

    @ParameterizedTest
    @MethodSource("programsThatExit")
    void everyProgramPrintsTheSameBytesOnEveryNativeRun(String name) {
        Path bin = GuestPrograms.binary(name);
        Invocation inv = new Invocation(bin, List.of(), Map.of(), new byte[0], Duration.ofSeconds(60));
        ProcessResult first = new NativeLauncher().launch(inv);
        ProcessResult second = new NativeLauncher().launch(inv);
        assertEquals(0, first.exitStatus(), first.describe("native"));
        assertEquals(first.stdoutText(), second.stdoutText(), "output changed between runs of " + name);
        assertTrue(first.stdout().length > 0, name + " printed nothing");
    }

    @Test
    void segvDiesBySignal11Natively() {
        Path bin = GuestPrograms.binary("segv");
        ProcessResult r = new NativeLauncher().launch(
                new Invocation(bin, List.of(), Map.of(), new byte[0], Duration.ofSeconds(30)));
        assertEquals(128 + 11, r.exitStatus(), r.describe("native"));
        assertTrue(r.stdoutText().startsWith("writing where writes are forbidden"), r.describe("native"));
    }

    @Test
    void upToDateBinaryIsNotRebuilt() throws Exception {
        Path bin = GuestPrograms.binary("hello");
        var before = Files.getLastModifiedTime(bin);
        Thread.sleep(20);
        assertEquals(bin, GuestPrograms.binary("hello"));
        assertEquals(before, Files.getLastModifiedTime(bin));
    }

    @Test
    void missingCompilerFailsWithTheInstallHint(@TempDir Path out) {
        GuestPrograms noCompiler = new GuestPrograms(
                GuestPrograms.repoRoot().resolve("rootfs/src/c"), out, "umk-no-such-musl-gcc");
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> noCompiler.build("hello"));
        assertTrue(e.getMessage().contains("apt-get install musl-tools"), e.getMessage());
    }
}
