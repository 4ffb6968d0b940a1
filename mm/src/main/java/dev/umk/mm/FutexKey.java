package dev.umk.mm;

/**
 * What names a futex word (Linux's union futex_key): an address space and a virtual address
 * for private memory, or the object behind a MAP_SHARED mapping and the offset in it, so
 * processes that map the same object anywhere meet on one queue. Compared by identity of
 * {@code space} and value of {@code offset}.
 */
public record FutexKey(Object space, long offset) {
    @Override
    public boolean equals(Object o) {
        return o instanceof FutexKey k && k.space == space && k.offset == offset;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(space) * 31 + Long.hashCode(offset);
    }
}
