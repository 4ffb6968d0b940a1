package dev.umk.sched.exec;

/**
 * One Elf64_Phdr. Fields are raw 64-bit values; offsets and sizes are unsigned in the file, so
 * the parser rejects values that do not fit a positive {@code long} before anyone does
 * arithmetic on them.
 */
public record ProgramHeader(int type, int flags, long offset, long vaddr, long filesz, long memsz,
                            long align) {

    public boolean isLoad() {
        return type == Elf.PT_LOAD;
    }

    /** mmap protection bits for p_flags (binfmt_elf's make_prot). */
    public int prot() {
        int prot = 0;
        if ((flags & Elf.PF_R) != 0) prot |= ExecMemory.PROT_READ;
        if ((flags & Elf.PF_W) != 0) prot |= ExecMemory.PROT_WRITE;
        if ((flags & Elf.PF_X) != 0) prot |= ExecMemory.PROT_EXEC;
        return prot;
    }

    /** First address past the segment in memory. */
    public long vend() {
        return vaddr + memsz;
    }
}
