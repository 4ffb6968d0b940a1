package dev.umk.cli.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one guest program natively and under umk and hands back both results as a
 * {@link Comparison}. Linux is the specification: whatever the program prints natively is what
 * umk must print.
 *
 * <pre>{@code
 * Differential.of(GuestPrograms.binary("hello"))
 *         .args("one", "env=FOO")
 *         .env("FOO", "bar")
 *         .run()
 *         .assertSame();
 * }</pre>
 *
 * <p>Timeouts: native runs get {@value #NATIVE_TIMEOUT_SECONDS} s; umk runs get
 * {@code umk.it.timeoutSeconds} (default {@value #DEFAULT_UMK_TIMEOUT_SECONDS} s) unless the
 * test sets one. When the results differ and {@code umk.it.straceOnMismatch} is not
 * {@code false}, the umk side is run once more with {@code --strace} and that trace is attached
 * to the failure message.
 */
public final class Differential {
    static final int NATIVE_TIMEOUT_SECONDS = 30;
    static final int DEFAULT_UMK_TIMEOUT_SECONDS = 120;

    private final Path program;
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private byte[] stdin = new byte[0];
    private Duration umkTimeout = Duration.ofSeconds(
            Long.getLong("umk.it.timeoutSeconds", DEFAULT_UMK_TIMEOUT_SECONDS));
    private GuestLauncher reference = new NativeLauncher();
    private GuestLauncher candidate = new UmkLauncher(false);
    private GuestLauncher diagnostic =
            Boolean.parseBoolean(System.getProperty("umk.it.straceOnMismatch", "true"))
                    ? new UmkLauncher(true) : null;

    private Differential(Path program) {
        this.program = program.toAbsolutePath();
    }

    /** A run of the program at this path (a built guest program, or a host binary). */
    public static Differential of(Path program) {
        return new Differential(program);
    }

    /** A run of a guest program from rootfs/src/c, built first if needed. */
    public static Differential of(String guestProgram) {
        return of(GuestPrograms.binary(guestProgram));
    }

    public Differential args(String... a) {
        args.addAll(Arrays.asList(a));
        return this;
    }

    /** Adds K=V to the guest's environment (natively: the whole environment is these pairs). */
    public Differential env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public Differential stdin(String text) {
        stdin = text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    /**
     * Runs the native side under {@code prefix} and the umk side with {@code umkOptions}: the
     * same situation set up the native way and umk's way (e.g. {@code setpriv --reuid=65534}
     * natively and {@code --user 65534:65534} under umk).
     */
    public Differential as(List<String> prefix, List<String> umkOptions) {
        reference = new NativeLauncher(prefix);
        candidate = new UmkLauncher(false, umkOptions);
        if (diagnostic != null) {
            diagnostic = new UmkLauncher(true, umkOptions);
        }
        return this;
    }

    public Differential umkTimeout(Duration t) {
        umkTimeout = t;
        return this;
    }

    /** Replaces the two sides compared (the harness's own tests compare native with native). */
    Differential launchers(GuestLauncher reference, GuestLauncher candidate, GuestLauncher diagnostic) {
        this.reference = reference;
        this.candidate = candidate;
        this.diagnostic = diagnostic;
        return this;
    }

    /** Runs the reference (native) side, then the candidate (umk) side. */
    public Comparison run() {
        Invocation inv = new Invocation(program, args, env, stdin, Duration.ofSeconds(NATIVE_TIMEOUT_SECONDS));
        ProcessResult expected = reference.launch(inv);
        Invocation umkInv = inv.withTimeout(umkTimeout);
        ProcessResult actual = candidate.launch(umkInv);
        return new Comparison(inv, expected, actual, diagnostic == null ? null : () -> diagnostic.launch(umkInv));
    }
}
