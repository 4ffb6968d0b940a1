package dev.umk.sched.exec;

/**
 * ELF64 constants (include/uapi/linux/elf.h) and the page arithmetic binfmt_elf does with them
 * (ELF_PAGESTART, ELF_PAGEOFFSET, ELF_PAGEALIGN), kept in one place so the parser, the loader
 * and the stack builder agree.
 */
public final class Elf {
    private Elf() {}

    /** ELF_MIN_ALIGN on x86-64: the guest page size. */
    public static final long PAGE_SIZE = 4096;

    public static final int EI_CLASS = 4;
    public static final int EI_DATA = 5;
    public static final int ELFCLASS64 = 2;
    public static final int ELFDATA2LSB = 1;

    public static final int ET_EXEC = 2;
    public static final int ET_DYN = 3;
    public static final int EM_X86_64 = 62;

    /** sizeof(Elf64_Ehdr). */
    public static final int EHDR_SIZE = 64;
    /** sizeof(Elf64_Phdr): the only e_phentsize Linux accepts. */
    public static final int PHDR_SIZE = 56;

    public static final int PT_NULL = 0;
    public static final int PT_LOAD = 1;
    public static final int PT_DYNAMIC = 2;
    public static final int PT_INTERP = 3;
    public static final int PT_NOTE = 4;
    public static final int PT_PHDR = 6;
    public static final int PT_TLS = 7;
    public static final int PT_GNU_STACK = 0x6474e551;
    public static final int PT_GNU_RELRO = 0x6474e552;

    public static final int PF_X = 1;
    public static final int PF_W = 2;
    public static final int PF_R = 4;

    /** PATH_MAX, the largest PT_INTERP Linux accepts. */
    public static final int PATH_MAX = 4096;

    public static long pageStart(long va) {
        return va & -PAGE_SIZE;
    }

    public static long pageOffset(long va) {
        return va & (PAGE_SIZE - 1);
    }

    public static long pageAlign(long va) {
        return (va + PAGE_SIZE - 1) & -PAGE_SIZE;
    }
}
