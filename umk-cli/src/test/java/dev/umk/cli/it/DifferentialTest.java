package dev.umk.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * The harness itself, with both sides native so it is testable without umk: equal runs pass,
 * and a divergence or a hang fails with both runs in the message.
 */
class DifferentialTest {
    private static final Path BUSYBOX = Path.of("/bin/busybox");

    /** A launcher that runs natively but with one extra argument: a deliberately wrong kernel. */
    private static GuestLauncher nativeWithExtraArg(String extra) {
        return inv -> {
            List<String> args = new ArrayList<>(inv.args());
            args.add(extra);
            return new NativeLauncher().launch(inv.withArgs(args));
        };
    }

    @Test
    void identicalRunsCompareEqual() {
        Comparison c = Differential.of("hello").args("x", "env=FOO").env("FOO", "bar")
                .launchers(new NativeLauncher(), new NativeLauncher(), null)
                .run()
                .assertSame();
        assertTrue(c.umkRun().stdoutText().contains("env FOO=bar\n"), c.report());
    }

    @Test
    void nativeEnvironmentIsExactlyTheGivenPairs() {
        Comparison c = Differential.of("hello").args("env=HOME", "env=FOO").env("FOO", "1")
                .launchers(new NativeLauncher(), new NativeLauncher(), null)
                .run();
        assertTrue(c.nativeRun().stdoutText().contains("env HOME unset\nenv FOO=1\n"), c.report());
    }

    @Test
    void stdoutMismatchFailsShowingBothRunsAndTheFirstDifferingLine() {
        Differential d = Differential.of("hello").args("a")
                .launchers(new NativeLauncher(), nativeWithExtraArg("intruder"), nativeWithExtraArg("traced"));
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> d.run().assertSame());
        String m = e.getMessage();
        assertTrue(m.startsWith("stdout differs"), m);
        assertTrue(m.contains("first differing stdout line 1:\n  native: argc: 2\n  umk:    argc: 3"), m);
        assertTrue(m.contains("--- native: ") && m.contains("--- umk: "), m);
        assertTrue(m.contains("argv[2]: intruder"), m);
        assertTrue(m.contains("rerun with --strace") && m.contains("argv[2]: traced"), m);
    }

    @Test
    void exitStatusMismatchFails() {
        Differential d = Differential.of("hello").args("exit=3")
                .launchers(new NativeLauncher(), nativeWithExtraArg("exit=4"), null);
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> d.run().assertSame());
        assertTrue(e.getMessage().startsWith("exit status differs (native 3, umk 4)"), e.getMessage());
    }

    @Test
    void hangingRunIsKilledAndReportedAsTimedOut() {
        Differential d = Differential.of(BUSYBOX).args("sleep", "30")
                .umkTimeout(Duration.ofMillis(500))
                .launchers(inv -> new NativeLauncher().launch(inv.withArgs(List.of("true"))),
                        new NativeLauncher(), null);
        long start = System.nanoTime();
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> d.run().assertSame());
        assertTrue(e.getMessage().startsWith("umk run timed out"), e.getMessage());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(15).toNanos(), "the hang was not cut short");
    }

    @Test
    void deathBySignalIsReportedAs128PlusSignal() {
        Comparison c = Differential.of("segv")
                .launchers(new NativeLauncher(), new NativeLauncher(), null)
                .run();
        assertEquals(139, c.nativeRun().exitStatus(), c.report());
        c.assertSame();
    }

    @Test
    void stdinIsFedToTheGuest() {
        Comparison c = Differential.of(BUSYBOX).args("cat").stdin("line one\nline two\n")
                .launchers(new NativeLauncher(), new NativeLauncher(), null)
                .run()
                .assertSame();
        assertEquals("line one\nline two\n", c.nativeRun().stdoutText());
    }
}
