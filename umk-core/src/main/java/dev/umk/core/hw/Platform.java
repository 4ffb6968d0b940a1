package dev.umk.core.hw;

/**
 * The machine umk runs guests on: its physical memory and a way to make new address spaces
 * with a CPU context in them.
 */
public interface Platform {
    PhysicalMemory physicalMemory();

    /**
     * A new empty address space and the CPU of its first thread. The calling Java thread is
     * the one that must drive the returned CPU.
     */
    GuestCpu newProcess();

    /** The first address above the guest's usable address space. */
    long taskSize();

    /** AT_HWCAP of the host CPU (guest code runs on it natively). */
    long hwcap();

    /** AT_HWCAP2 of the host CPU. */
    long hwcap2();

    /**
     * {size, xfeatures} of the FPU image {@link GuestCpu#readFpu} gives: the standard-format
     * XSAVE area when the host has one, else {512, 3} for the legacy fxsave image.
     */
    default long[] fpuFormat() {
        return new long[] {512, 3};
    }
}
