package dev.umk.core.abi;

/**
 * ELF auxiliary vector entry types (include/uapi/linux/auxvec.h and the x86 asm/auxvec.h).
 * exec puts these pairs on the initial stack; /proc/PID/auxv and getauxval(3) read them back.
 */
public final class Auxv {
    private Auxv() {}

    public static final int AT_NULL = 0;
    public static final int AT_IGNORE = 1;
    public static final int AT_EXECFD = 2;
    public static final int AT_PHDR = 3;
    public static final int AT_PHENT = 4;
    public static final int AT_PHNUM = 5;
    public static final int AT_PAGESZ = 6;
    public static final int AT_BASE = 7;
    public static final int AT_FLAGS = 8;
    public static final int AT_ENTRY = 9;
    public static final int AT_NOTELF = 10;
    public static final int AT_UID = 11;
    public static final int AT_EUID = 12;
    public static final int AT_GID = 13;
    public static final int AT_EGID = 14;
    public static final int AT_PLATFORM = 15;
    public static final int AT_HWCAP = 16;
    public static final int AT_CLKTCK = 17;
    public static final int AT_SECURE = 23;
    public static final int AT_BASE_PLATFORM = 24;
    public static final int AT_RANDOM = 25;
    public static final int AT_HWCAP2 = 26;
    public static final int AT_RSEQ_FEATURE_SIZE = 27;
    public static final int AT_RSEQ_ALIGN = 28;
    public static final int AT_HWCAP3 = 29;
    public static final int AT_HWCAP4 = 30;
    public static final int AT_EXECFN = 31;
    /** x86: vsyscall entry, 32-bit only. */
    public static final int AT_SYSINFO = 32;
    /** x86: address of the vDSO's ELF header. */
    public static final int AT_SYSINFO_EHDR = 33;
    /** x86: minimal signal stack size the kernel needs to deliver a signal. */
    public static final int AT_MINSIGSTKSZ = 51;

    /** AT_FLAGS bit set by binfmt_misc's P flag. */
    public static final long AT_FLAGS_PRESERVE_ARGV0 = 1;

    /** The constant's name ("AT_PHDR"), or "AT_<n>" for an unknown type. */
    public static String name(int type) {
        return switch (type) {
            case AT_NULL -> "AT_NULL";
            case AT_IGNORE -> "AT_IGNORE";
            case AT_EXECFD -> "AT_EXECFD";
            case AT_PHDR -> "AT_PHDR";
            case AT_PHENT -> "AT_PHENT";
            case AT_PHNUM -> "AT_PHNUM";
            case AT_PAGESZ -> "AT_PAGESZ";
            case AT_BASE -> "AT_BASE";
            case AT_FLAGS -> "AT_FLAGS";
            case AT_ENTRY -> "AT_ENTRY";
            case AT_NOTELF -> "AT_NOTELF";
            case AT_UID -> "AT_UID";
            case AT_EUID -> "AT_EUID";
            case AT_GID -> "AT_GID";
            case AT_EGID -> "AT_EGID";
            case AT_PLATFORM -> "AT_PLATFORM";
            case AT_HWCAP -> "AT_HWCAP";
            case AT_CLKTCK -> "AT_CLKTCK";
            case AT_SECURE -> "AT_SECURE";
            case AT_BASE_PLATFORM -> "AT_BASE_PLATFORM";
            case AT_RANDOM -> "AT_RANDOM";
            case AT_HWCAP2 -> "AT_HWCAP2";
            case AT_RSEQ_FEATURE_SIZE -> "AT_RSEQ_FEATURE_SIZE";
            case AT_RSEQ_ALIGN -> "AT_RSEQ_ALIGN";
            case AT_HWCAP3 -> "AT_HWCAP3";
            case AT_HWCAP4 -> "AT_HWCAP4";
            case AT_EXECFN -> "AT_EXECFN";
            case AT_SYSINFO -> "AT_SYSINFO";
            case AT_SYSINFO_EHDR -> "AT_SYSINFO_EHDR";
            case AT_MINSIGSTKSZ -> "AT_MINSIGSTKSZ";
            default -> "AT_" + type;
        };
    }
}
