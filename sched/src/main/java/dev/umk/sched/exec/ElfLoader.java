package dev.umk.sched.exec;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;

/**
 * Maps an {@link ElfBinary} into a fresh address space as load_elf_binary does, by copying file
 * bytes into anonymous private memory (umk has no file-backed exec mappings yet).
 *
 * <p>Placement: ET_EXEC at its p_vaddr; a PIE (ET_DYN with PT_INTERP) at ELF_ET_DYN_BASE plus a
 * random page offset, aligned to its largest p_align; a static PIE or a directly run ld.so
 * (ET_DYN without PT_INTERP) and the interpreter wherever mmap puts them, in the top-down mmap
 * area. Each PT_LOAD covers its pages as the kernel's file mapping would: bytes before p_offset
 * in the first page and, when there is no bss, after p_filesz in the last page come from the
 * file; the bss is zero. Holes between the PT_LOADs of an image placed by mmap are unmapped.
 *
 * <p>Errors here happen after execve's point of no return (the caller kills the task, as Linux
 * does with SIGSEGV): EINVAL when a program segment or entry falls outside TASK_SIZE, ENOMEM for
 * an interpreter segment outside it, and whatever ExecMemory throws.
 */
public final class ElfLoader {
    /**
     * x86-64's ELF_ET_DYN_BASE, 2/3 of the 47-bit user space: a PIE's lowest page goes to its
     * page start (0x555555554000 without ASLR), a static PIE's heap to its page end.
     */
    public static final long ELF_ET_DYN_BASE = 0x7ffffffff000L / 3 * 2;

    private static final int COPY_CHUNK = 64 * 1024;

    private ElfLoader() {}

    /** Maps the program (and interpreter), sets the brk base, and says where things went. */
    public static LoadedImage load(ExecMemory mem, ElfBinary binary, Aslr aslr) {
        ElfFile exe = binary.executable();
        boolean hasInterp = binary.interpreter().isPresent();
        long bias = placeProgram(mem, exe, hasInterp, aslr);
        long programEntry = exe.entry() + bias;

        long entry = programEntry;
        long interpBase = 0;
        if (hasInterp) {
            ElfFile interp = binary.interpreter().get();
            interpBase = interp.isDyn() ? reserve(mem, interp) - interp.imageStart() : 0;
            checkFits(interp, interpBase, mem.taskSize(), Errno.ENOMEM);
            mapImage(mem, interp, interpBase, interp.isDyn());
            entry = interp.entry() + interpBase;
        }
        if (entry < 0 || entry >= mem.taskSize()) {
            throw new ErrnoException(Errno.EINVAL, "entry outside TASK_SIZE");
        }

        long brk = brkStart(exe, bias, hasInterp, aslr);
        mem.setBrkBase(brk);
        return describe(exe, bias, entry, programEntry, interpBase, brk);
    }

    /** Chooses the program's load bias, maps it, and returns the bias. */
    private static long placeProgram(ExecMemory mem, ElfFile exe, boolean hasInterp, Aslr aslr) {
        long bias;
        boolean viaMmap = exe.isDyn() && !hasInterp;
        if (!exe.isDyn()) {
            bias = 0;
        } else if (hasInterp) {
            long base = (ELF_ET_DYN_BASE + aslr.mmapRnd()) & -exe.maxAlignment();
            bias = Elf.pageStart(base - exe.loads().get(0).vaddr());
        } else {
            bias = reserve(mem, exe) - exe.imageStart();
        }
        checkFits(exe, bias, mem.taskSize(), Errno.EINVAL);
        mapImage(mem, exe, bias, viaMmap);
        return bias;
    }

    /**
     * Lets mmap pick a place for the whole image (PROT_NONE placeholder), aligned to the image's
     * largest p_align; returns the address its lowest page goes to.
     */
    private static long reserve(ExecMemory mem, ElfFile elf) {
        long total = elf.imageEnd() - elf.imageStart();
        long align = elf.maxAlignment();
        if (align <= Elf.PAGE_SIZE) return mem.mmap(0, total, ExecMemory.PROT_NONE, false);
        long slack = align - Elf.PAGE_SIZE;
        long raw = mem.mmap(0, total + slack, ExecMemory.PROT_NONE, false);
        long base = (raw + align - 1) & -align;
        if (base > raw) mem.munmap(raw, base - raw);
        long tail = raw + total + slack - (base + total);
        if (tail > 0) mem.munmap(base + total, tail);
        return base;
    }

    /** The TASK_SIZE checks load_elf_binary/load_elf_interp make per PT_LOAD. */
    private static void checkFits(ElfFile elf, long bias, long taskSize, Errno errno) {
        for (ProgramHeader ph : elf.loads()) {
            long k = ph.vaddr() + bias;
            if (k < 0 || k >= taskSize || ph.memsz() > taskSize || taskSize - ph.memsz() < k) {
                throw new ErrnoException(errno, "PT_LOAD outside TASK_SIZE");
            }
        }
    }

    private static void mapImage(ExecMemory mem, ElfFile elf, long bias, boolean unmapHoles) {
        long prevEnd = -1;
        for (ProgramHeader ph : elf.loads()) {
            long start = Elf.pageStart(ph.vaddr() + bias);
            if (unmapHoles && prevEnd >= 0 && start > prevEnd) mem.munmap(prevEnd, start - prevEnd);
            mapSegment(mem, elf.source(), ph, bias);
            prevEnd = Math.max(prevEnd, Elf.pageAlign(ph.vend() + bias));
        }
    }

    /** elf_load for one PT_LOAD: map writable, fill from the file, zero the bss, then protect. */
    private static void mapSegment(ExecMemory mem, ElfSource src, ProgramHeader ph, long bias) {
        long start = Elf.pageStart(ph.vaddr() + bias);
        long end = Elf.pageAlign(ph.vend() + bias);
        if (end == start) return;
        int prot = ph.prot();
        if (ph.filesz() > 0 && src.mappable() != null && mapFileSegment(mem, src, ph, start, end)) return;
        mem.mmap(start, end - start, prot | ExecMemory.PROT_WRITE, true);
        if (ph.filesz() > 0) {
            long lead = Elf.pageOffset(ph.vaddr());
            long fileStart = ph.offset() - lead;
            long len = lead + ph.filesz();
            if (ph.memsz() == ph.filesz()) {
                // The last page is all file bytes, as a file mapping would show them.
                len = Math.min(Elf.pageAlign(len), src.size() - fileStart);
            }
            copy(mem, src, fileStart, start, len);
            if (ph.memsz() > ph.filesz()) {
                long zero = start + lead + ph.filesz();
                long zeroEnd = Math.min(Elf.pageAlign(zero), end);
                if (zeroEnd > zero) mem.zero(zero, zeroEnd - zero);
            }
        }
        if ((prot & ExecMemory.PROT_WRITE) == 0) mem.mprotect(start, end - start, prot);
    }

    /**
     * elf_map for a source with a page cache: the file part is a private file mapping (pages
     * shared until written), the tail of its last page past p_filesz is zeroed (one COW copy),
     * and the rest of the bss is anonymous memory.
     */
    private static boolean mapFileSegment(ExecMemory mem, ElfSource src, ProgramHeader ph, long start, long end) {
        int prot = ph.prot();
        long lead = Elf.pageOffset(ph.vaddr());
        long fileStart = ph.offset() - lead;
        long fileEnd = Math.min(Elf.pageAlign(start + lead + ph.filesz()), end);
        boolean bss = ph.memsz() > ph.filesz();
        int mapProt = bss ? prot | ExecMemory.PROT_WRITE : prot;
        if (!mem.mmapFile(start, fileEnd - start, mapProt, src.mappable(), fileStart)) return false;
        if (bss) {
            long zero = start + lead + ph.filesz();
            if (fileEnd > zero) mem.zero(zero, fileEnd - zero);
            if (end > fileEnd) mem.mmap(fileEnd, end - fileEnd, prot, true);
            if ((prot & ExecMemory.PROT_WRITE) == 0) mem.mprotect(start, fileEnd - start, prot);
        }
        return true;
    }

    private static void copy(ExecMemory mem, ElfSource src, long fileOff, long va, long len) {
        byte[] buf = new byte[(int) Math.min(len, COPY_CHUNK)];
        for (long done = 0; done < len; ) {
            int n = (int) Math.min(buf.length, len - done);
            src.readFully(fileOff + done, buf, 0, n);
            mem.write(va + done, buf, 0, n);
            done += n;
        }
    }

    /**
     * The heap start: past the highest segment plus a guard page and a random offset when
     * randomizing; a static PIE's heap goes to ELF_ET_DYN_BASE instead, out of the mmap area
     * it was loaded into.
     */
    private static long brkStart(ElfFile exe, long bias, boolean hasInterp, Aslr aslr) {
        boolean moved = exe.isDyn() && !hasInterp;
        long elfBrk = moved ? ELF_ET_DYN_BASE : exe.loads().get(exe.loads().size() - 1).vend() + bias;
        long brk = Elf.pageAlign(elfBrk);
        if (!aslr.isEnabled()) return brk;
        if (!moved) brk += Elf.PAGE_SIZE;
        return aslr.randomizeBrk(brk);
    }

    private static LoadedImage describe(ElfFile exe, long bias, long entry, long programEntry,
                                        long interpBase, long brk) {
        long startCode = -1;
        long endCode = 0;
        long startData = 0;
        long endData = 0;
        for (ProgramHeader ph : exe.loads()) {
            long fileEnd = ph.vaddr() + ph.filesz();
            if ((ph.flags() & Elf.PF_X) != 0) {
                startCode = Long.compareUnsigned(ph.vaddr(), startCode) < 0 ? ph.vaddr() : startCode;
                endCode = Math.max(endCode, fileEnd);
            }
            startData = Math.max(startData, ph.vaddr());
            endData = Math.max(endData, fileEnd);
        }
        return new LoadedImage(entry, programEntry, interpBase, exe.phdrVaddr() + bias,
                Elf.PHDR_SIZE, exe.phnum(), bias, brk, exe.executableStack(),
                startCode + bias, endCode + bias, startData + bias, endData + bias);
    }
}
