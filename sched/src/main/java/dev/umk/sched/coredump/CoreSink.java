package dev.umk.sched.coredump;

/** Where a core file's bytes go: positional writes into the open core file. */
@FunctionalInterface
public interface CoreSink {
    /**
     * Writes {@code len} bytes of {@code b} at file offset {@code pos}, all of them.
     *
     * @throws dev.umk.core.kernel.ErrnoException when the file cannot take them
     */
    void write(long pos, byte[] b, int off, int len);
}
