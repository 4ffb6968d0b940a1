package dev.umk.hostdrv;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * The host's XSAVE area through PTRACE_GETREGSET/SETREGSET NT_X86_XSTATE: its size (what
 * the kernel fills in) and enabled features (XCR0, which ptrace leaves in the first word of
 * the area's software-reserved bytes at offset 464) are read once, from a stub thread.
 */
final class XState {
    private static final int NT_X86_XSTATE = 0x202;
    private static final int MAX = 16384;

    private static volatile int size = -1;
    private static volatile long features;

    private XState() {}

    /** The XSAVE image size, or 512 until probed / when the host has no xsave. */
    static int size() {
        int s = size;
        return s < 0 ? 512 : s;
    }

    static long features() {
        return size() > 512 ? features : 3;
    }

    /** Probes through a stopped stub thread (first CPU created). */
    static synchronized void probe(int tid) {
        if (size >= 0) return;
        Pointer buf = Memory.allocateDirect(Host.runtime(), MAX);
        int n = get(tid, buf, MAX);
        long xcr0 = buf.getLong(464);
        if (n > 512 && (xcr0 & 3) == 3) {
            features = xcr0;
            size = n;
        } else {
            size = 512;
        }
    }

    static int get(int tid, Pointer buf) {
        return get(tid, buf, size());
    }

    private static int get(int tid, Pointer buf, int len) {
        Pointer iov = Memory.allocateDirect(Host.runtime(), 16);
        iov.putLong(0, buf.address());
        iov.putLong(8, len);
        long r = Host.libc().ptrace(Ptrace.GETREGSET, tid, NT_X86_XSTATE, iov.address());
        return r == 0 ? (int) iov.getLong(8) : -1;
    }

    static boolean set(int tid, Pointer buf, int len) {
        Pointer iov = Memory.allocateDirect(Host.runtime(), 16);
        iov.putLong(0, buf.address());
        iov.putLong(8, len);
        return Host.libc().ptrace(Ptrace.SETREGSET, tid, NT_X86_XSTATE, iov.address()) == 0;
    }
}
