package dev.umk.sched.signal;

import dev.umk.core.hw.GuestCpu;

/** The FPU state of the task being delivered to: GuestCpu's two FPU methods, nothing else. */
public interface FpuAccess {
    /** Reads the state into {@code dst}; returns the bytes read. */
    int readFpu(byte[] dst);

    void writeFpu(byte[] src, int len);

    static FpuAccess of(GuestCpu cpu) {
        return new FpuAccess() {
            @Override
            public int readFpu(byte[] dst) {
                return cpu.readFpu(dst);
            }

            @Override
            public void writeFpu(byte[] src, int len) {
                cpu.writeFpu(src, len);
            }
        };
    }
}
