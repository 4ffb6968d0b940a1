package dev.umk.cli.it;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs a guest program under umk in a fresh JVM:
 * {@code java -cp <test classpath> dev.umk.cli.Main run [--strace] [--env K=V]... PROGRAM ARGS...}.
 * A separate process, because a guest that takes umk down must fail one test, not the build.
 *
 * <p>System properties: {@code umk.command} replaces the whole prefix up to and including
 * {@code run} (e.g. {@code "/repo/umk run"}); {@code umk.jvmArgs} adds JVM options.
 */
public final class UmkLauncher implements GuestLauncher {
    static final String MAIN_CLASS = "dev.umk.cli.Main";

    private final boolean strace;
    private final List<String> options;

    public UmkLauncher(boolean strace) {
        this(strace, List.of());
    }

    /** @param options umk run options placed before the program (e.g. {@code --user 65534:65534}) */
    public UmkLauncher(boolean strace, List<String> options) {
        this.strace = strace;
        this.options = List.copyOf(options);
    }

    @Override
    public ProcessResult launch(Invocation inv) {
        List<String> cmd = new ArrayList<>(prefix());
        if (strace) {
            cmd.add("--strace");
        }
        cmd.addAll(options);
        // Sorted so the command line in a failure message is stable.
        for (Map.Entry<String, String> e : new TreeMap<>(inv.env()).entrySet()) {
            cmd.add("--env");
            cmd.add(e.getKey() + "=" + e.getValue());
        }
        cmd.add(inv.program().toString());
        cmd.addAll(inv.args());
        return Subprocess.run(cmd, null, inv.stdin(), inv.timeout());
    }

    private static List<String> prefix() {
        String override = System.getProperty("umk.command", "").trim();
        if (!override.isEmpty()) {
            return Arrays.asList(override.split("\\s+"));
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String jvmArgs = System.getProperty("umk.jvmArgs", "").trim();
        if (!jvmArgs.isEmpty()) {
            cmd.addAll(Arrays.asList(jvmArgs.split("\\s+")));
        }
        cmd.add("-cp");
        cmd.add(classpath());
        cmd.add(MAIN_CLASS);
        cmd.add("run");
        return cmd;
    }

    /**
     * The classpath of all modules. Surefire may hide it behind a manifest-only booter jar in
     * java.class.path; it publishes the real one as surefire.test.class.path.
     */
    static String classpath() {
        String cp = System.getProperty("surefire.test.class.path");
        if (cp == null || cp.isBlank()) {
            cp = System.getProperty("java.class.path");
        }
        return cp;
    }

    @Override
    public String toString() {
        return strace ? "umk --strace" : "umk";
    }
}
