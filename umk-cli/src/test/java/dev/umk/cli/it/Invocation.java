package dev.umk.cli.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One guest program run as a test asks for it, independent of where it runs (natively or under
 * umk): the same invocation handed to two {@link GuestLauncher}s must give the same result.
 *
 * @param program absolute path of the executable
 * @param args    argv[1..]; argv[0] is the program path as given
 * @param env     the guest's environment variables, exactly
 * @param stdin   bytes on the guest's stdin (empty: /dev/null)
 * @param timeout how long before the run is killed and reported as timed out
 */
public record Invocation(Path program, List<String> args, Map<String, String> env, byte[] stdin,
                         Duration timeout) {

    public Invocation {
        args = List.copyOf(args);
        env = Map.copyOf(env);
        stdin = stdin.clone();
    }

    @Override
    public byte[] stdin() {
        return stdin.clone();
    }

    Invocation withTimeout(Duration t) {
        return new Invocation(program, args, env, stdin, t);
    }

    Invocation withArgs(List<String> a) {
        return new Invocation(program, a, env, stdin, timeout);
    }
}
