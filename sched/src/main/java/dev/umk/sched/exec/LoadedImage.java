package dev.umk.sched.exec;

/**
 * Where exec put a program: what start_thread needs (entry, and the stack builder's auxv
 * values) and what the mm_struct records for /proc and prctl(PR_SET_MM).
 *
 * @param entry           where the first instruction runs: the interpreter's entry when there
 *                        is one, else the program's
 * @param programEntry    the program's e_entry plus load bias (AT_ENTRY)
 * @param interpreterBase the interpreter's load address (AT_BASE), 0 without one
 * @param phdrAddr        the program header table in memory (AT_PHDR)
 * @param phent           sizeof(Elf64_Phdr) (AT_PHENT)
 * @param phnum           e_phnum (AT_PHNUM)
 * @param loadBias        what was added to the program's p_vaddr values (0 for ET_EXEC)
 * @param brkStart        the heap start given to brk(2)
 * @param stackExecutable PT_GNU_STACK asked for an executable stack
 * @param startCode       lowest p_vaddr of an executable PT_LOAD (mm->start_code)
 * @param endCode         highest end of file bytes of an executable PT_LOAD (mm->end_code)
 * @param startData       highest PT_LOAD p_vaddr (mm->start_data, as Linux computes it)
 * @param endData         highest end of file bytes of any PT_LOAD (mm->end_data)
 */
public record LoadedImage(long entry, long programEntry, long interpreterBase, long phdrAddr,
                          int phent, int phnum, long loadBias, long brkStart,
                          boolean stackExecutable, long startCode, long endCode, long startData,
                          long endData) {
}
