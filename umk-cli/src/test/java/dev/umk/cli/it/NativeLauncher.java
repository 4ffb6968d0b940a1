package dev.umk.cli.it;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a guest program directly on the host kernel: the reference umk must match. The
 * environment is exactly the invocation's, so nothing from the test JVM leaks into it.
 */
public final class NativeLauncher implements GuestLauncher {
    private final List<String> prefix;

    public NativeLauncher() {
        this(List.of());
    }

    /** @param prefix a command the program runs under (e.g. {@code setpriv --reuid=65534 ...}) */
    public NativeLauncher(List<String> prefix) {
        this.prefix = List.copyOf(prefix);
    }

    @Override
    public ProcessResult launch(Invocation inv) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(inv.program().toString());
        cmd.addAll(inv.args());
        return Subprocess.run(cmd, inv.env(), inv.stdin(), inv.timeout());
    }

    @Override
    public String toString() {
        return "native";
    }
}
