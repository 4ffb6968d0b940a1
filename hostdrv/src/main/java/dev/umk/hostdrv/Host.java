package dev.umk.hostdrv;

import jnr.ffi.LibraryLoader;
import jnr.ffi.LibraryOption;
import jnr.ffi.Platform;
import jnr.ffi.Runtime;

/** Loads the host C library once. */
public final class Host {
    private static final LibC LIBC = LibraryLoader.create(LibC.class)
            .option(LibraryOption.IgnoreError, true)
            .load(Platform.getNativePlatform().getStandardCLibraryName());
    private static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

    private Host() {}

    public static LibC libc() {
        return LIBC;
    }

    public static Runtime runtime() {
        return RUNTIME;
    }

    /** errno of the last call marked {@code @SaveError} on this thread. */
    public static int errno() {
        return RUNTIME.getLastError();
    }
}
