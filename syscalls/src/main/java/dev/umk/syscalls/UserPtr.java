package dev.umk.syscalls;

/** A guest virtual address as a syscall received it: never dereferenced by the JVM directly. */
public record UserPtr(long addr) {
    public boolean isNull() {
        return addr == 0;
    }

    public UserPtr plus(long off) {
        return new UserPtr(addr + off);
    }

    @Override
    public String toString() {
        return addr == 0 ? "NULL" : "0x" + Long.toHexString(addr);
    }
}
