package dev.umk.cli.it;

/**
 * Somewhere a guest program can run: on the host kernel ({@link NativeLauncher}) or under umk
 * ({@link UmkLauncher}). Differential tests run one {@link Invocation} on two launchers.
 */
@FunctionalInterface
public interface GuestLauncher {

    /** Runs the invocation to completion or to its timeout; never throws for a guest failure. */
    ProcessResult launch(Invocation invocation);
}
