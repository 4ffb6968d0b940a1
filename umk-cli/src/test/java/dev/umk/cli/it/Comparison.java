package dev.umk.cli.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The native and umk results of one {@link Invocation}, with the assertions integration tests
 * make on them. Every failure message carries both runs in full (cut when huge), the first
 * differing stdout line, and, when available, an {@code --strace} rerun of the umk side.
 */
public final class Comparison {
    private final Invocation invocation;
    private final ProcessResult nativeRun;
    private final ProcessResult umkRun;
    private final Supplier<ProcessResult> traceRerun;

    Comparison(Invocation invocation, ProcessResult nativeRun, ProcessResult umkRun,
               Supplier<ProcessResult> traceRerun) {
        this.invocation = invocation;
        this.nativeRun = nativeRun;
        this.umkRun = umkRun;
        this.traceRerun = traceRerun;
    }

    public ProcessResult nativeRun() {
        return nativeRun;
    }

    public ProcessResult umkRun() {
        return umkRun;
    }

    /** Same stdout bytes and the same exit status natively and under umk. */
    public Comparison assertSame() {
        assertUmkStarted();
        if (nativeRun.timedOut()) {
            fail("the native run timed out, so there is nothing to compare against\n" + report());
        }
        boolean sameStatus = !umkRun.timedOut() && nativeRun.exitStatus() == umkRun.exitStatus();
        boolean sameStdout = Arrays.equals(nativeRun.stdout(), umkRun.stdout());
        if (!sameStatus || !sameStdout) {
            String what = umkRun.timedOut() ? "umk run timed out"
                    : !sameStatus ? "exit status differs (native " + nativeRun.exitStatus()
                            + ", umk " + umkRun.exitStatus() + ")"
                    : "stdout differs";
            fail(what + "\n" + firstDifference() + report() + traceSection());
        }
        return this;
    }

    /**
     * A umk that never started (no Main class, bad classpath) must not pass a test by accident,
     * e.g. `busybox false` whose expected status 1 is also the JVM's launch-failure status.
     */
    private void assertUmkStarted() {
        if (umkRun.stderr().contains("Could not find or load main class")
                || umkRun.stderr().contains("Error: Unable to initialize main class")) {
            fail("umk did not start\n" + report());
        }
    }

    /** The native run exited with this status (guards against a guest program that broke). */
    public Comparison assertNativeStatus(int status) {
        if (nativeRun.timedOut() || nativeRun.exitStatus() != status) {
            fail("expected native exit status " + status + "\n" + report());
        }
        return this;
    }

    /** The umk side's stderr contains the text (umk's own messages, e.g. "Segmentation fault"). */
    public Comparison assertUmkStderrContains(String text) {
        if (!umkRun.stderr().contains(text)) {
            fail("umk stderr lacks \"" + text + "\"\n" + report());
        }
        return this;
    }

    /** The umk side's stderr does not contain the text. */
    public Comparison assertUmkStderrLacks(String text) {
        if (umkRun.stderr().contains(text)) {
            fail("umk stderr contains \"" + text + "\"\n" + report());
        }
        return this;
    }

    /** Both runs, described for a failure message. */
    public String report() {
        return nativeRun.describe("native") + umkRun.describe("umk");
    }

    private String firstDifference() {
        String[] a = nativeRun.stdoutText().split("\n", -1);
        String[] b = umkRun.stdoutText().split("\n", -1);
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            if (!a[i].equals(b[i])) {
                return "first differing stdout line " + (i + 1) + ":\n  native: " + a[i] + "\n  umk:    " + b[i] + "\n";
            }
        }
        if (a.length != b.length) {
            return "stdout lines: native " + a.length + ", umk " + b.length + "; the first " + n + " agree\n";
        }
        return "";
    }

    /** Reruns umk with --strace for the failure message, unless the first run hung. */
    private String traceSection() {
        if (traceRerun == null || umkRun.timedOut()) {
            return "";
        }
        ProcessResult traced = traceRerun.get();
        return "=== rerun with --strace (" + invocation.program().getFileName() + ")\n" + traced.describe("umk --strace");
    }
}
