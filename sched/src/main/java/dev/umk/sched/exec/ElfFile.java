package dev.umk.sched.exec;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A parsed and validated ELF64 x86-64 executable: header fields and program headers, read
 * through an {@link ElfSource}. Everything the loader later relies on is checked here, before
 * execve's point of no return, so a bad file fails execve instead of killing the caller.
 *
 * <p>Errnos follow load_elf_binary: ENOEXEC for a file that is not an x86-64 ELF executable or
 * whose program header table is unusable or whose PT_INTERP is malformed, EIO when PT_INTERP
 * lies past end of file, EINVAL for PT_LOAD entries mmap would refuse (p_filesz &gt; p_memsz,
 * p_offset and p_vaddr congruent to different page offsets, address overflow) and for an image
 * with no PT_LOAD. Two checks are umk's own (Linux maps such files and the program faults
 * later): a PT_LOAD whose file bytes run past end of file, and PT_LOADs that are unsorted or
 * overlap, are ENOEXEC.
 */
public final class ElfFile {
    private final ElfSource source;
    private final int type;
    private final long entry;
    private final long phoff;
    private final List<ProgramHeader> programHeaders;
    private final List<ProgramHeader> loads;
    private final String interpreter;
    private final boolean executableStack;

    private ElfFile(ElfSource source, int type, long entry, long phoff,
                    List<ProgramHeader> programHeaders, String interpreter) {
        this.source = source;
        this.type = type;
        this.entry = entry;
        this.phoff = phoff;
        this.programHeaders = List.copyOf(programHeaders);
        this.loads = this.programHeaders.stream().filter(ProgramHeader::isLoad).toList();
        this.interpreter = interpreter;
        this.executableStack = lastGnuStackIsExecutable(this.programHeaders);
    }

    /** Parses and validates {@code source}; throws ErrnoException as described above. */
    public static ElfFile parse(ElfSource source) {
        ByteBuffer eh = readHeader(source);
        if (eh.get(0) != 0x7f || eh.get(1) != 'E' || eh.get(2) != 'L' || eh.get(3) != 'F') {
            throw new ErrnoException(Errno.ENOEXEC, "bad ELF magic");
        }
        if (eh.get(Elf.EI_CLASS) != Elf.ELFCLASS64 || eh.get(Elf.EI_DATA) != Elf.ELFDATA2LSB) {
            throw new ErrnoException(Errno.ENOEXEC, "not ELF64 little-endian");
        }
        int type = Short.toUnsignedInt(eh.getShort(16));
        if (type != Elf.ET_EXEC && type != Elf.ET_DYN) {
            throw new ErrnoException(Errno.ENOEXEC, "e_type " + type);
        }
        if (Short.toUnsignedInt(eh.getShort(18)) != Elf.EM_X86_64) {
            throw new ErrnoException(Errno.ENOEXEC, "e_machine not x86-64");
        }
        long entry = eh.getLong(24);
        long phoff = eh.getLong(32);
        List<ProgramHeader> phdrs = readProgramHeaders(source, phoff,
                Short.toUnsignedInt(eh.getShort(54)), Short.toUnsignedInt(eh.getShort(56)));
        String interp = readInterpreter(source, phdrs);
        checkLoads(source, phdrs);
        return new ElfFile(source, type, entry, phoff, phdrs, interp);
    }

    /** The first EHDR_SIZE bytes, zero-padded when the file is shorter (like bprm->buf). */
    private static ByteBuffer readHeader(ElfSource source) {
        byte[] buf = new byte[Elf.EHDR_SIZE];
        int done = 0;
        while (done < buf.length) {
            int n = source.read(done, buf, done, buf.length - done);
            if (n <= 0) break;
            done += n;
        }
        return ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static List<ProgramHeader> readProgramHeaders(ElfSource source, long phoff,
                                                          int phentsize, int phnum) {
        int size = Elf.PHDR_SIZE * phnum;
        if (phentsize != Elf.PHDR_SIZE || size == 0 || size > 65536) {
            throw new ErrnoException(Errno.ENOEXEC, "bad e_phentsize/e_phnum");
        }
        if (phoff < 0 || phoff > source.size() - size) {
            throw new ErrnoException(Errno.ENOEXEC, "program headers past end of file");
        }
        byte[] raw = new byte[size];
        try {
            source.readFully(phoff, raw, 0, size);
        } catch (ErrnoException e) {
            // load_elf_phdrs reports any failure to read the table as "not executable".
            throw new ErrnoException(Errno.ENOEXEC, "program headers unreadable");
        }
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        List<ProgramHeader> out = new ArrayList<>(phnum);
        for (int i = 0; i < phnum; i++) {
            int at = i * Elf.PHDR_SIZE;
            out.add(new ProgramHeader(b.getInt(at), b.getInt(at + 4), b.getLong(at + 8),
                    b.getLong(at + 16), b.getLong(at + 32), b.getLong(at + 40), b.getLong(at + 48)));
        }
        return out;
    }

    /** The first PT_INTERP's path, or null; Linux ignores any later one. */
    private static String readInterpreter(ElfSource source, List<ProgramHeader> phdrs) {
        for (ProgramHeader ph : phdrs) {
            if (ph.type() != Elf.PT_INTERP) continue;
            if (ph.filesz() < 2 || ph.filesz() > Elf.PATH_MAX) {
                throw new ErrnoException(Errno.ENOEXEC, "PT_INTERP size " + ph.filesz());
            }
            if (ph.offset() < 0) throw new ErrnoException(Errno.EIO);
            byte[] path = new byte[(int) ph.filesz()];
            source.readFully(ph.offset(), path, 0, path.length);
            if (path[path.length - 1] != 0) {
                throw new ErrnoException(Errno.ENOEXEC, "PT_INTERP not NUL-terminated");
            }
            int len = 0;
            while (path[len] != 0) len++;
            return new String(path, 0, len, StandardCharsets.UTF_8);
        }
        return null;
    }

    private static void checkLoads(ElfSource source, List<ProgramHeader> phdrs) {
        ProgramHeader prev = null;
        for (ProgramHeader ph : phdrs) {
            if (!ph.isLoad()) continue;
            if (ph.vaddr() < 0 || ph.memsz() < 0
                    || ph.vaddr() > Long.MAX_VALUE - Elf.PAGE_SIZE - ph.memsz()) {
                throw new ErrnoException(Errno.EINVAL, "PT_LOAD address overflow");
            }
            if (ph.filesz() < 0 || ph.filesz() > ph.memsz()) {
                throw new ErrnoException(Errno.EINVAL, "PT_LOAD p_filesz > p_memsz");
            }
            if (ph.filesz() > 0) {
                if (ph.offset() < 0 || ph.offset() > source.size() - ph.filesz()) {
                    throw new ErrnoException(Errno.ENOEXEC, "PT_LOAD past end of file");
                }
                if (Elf.pageOffset(ph.offset()) != Elf.pageOffset(ph.vaddr())) {
                    throw new ErrnoException(Errno.EINVAL, "PT_LOAD p_offset/p_vaddr misaligned");
                }
            }
            if (prev != null && ph.vaddr() < prev.vend()) {
                throw new ErrnoException(Errno.ENOEXEC, "PT_LOAD unsorted or overlapping");
            }
            prev = ph;
        }
        if (prev == null) throw new ErrnoException(Errno.EINVAL, "no PT_LOAD");
    }

    private static boolean lastGnuStackIsExecutable(List<ProgramHeader> phdrs) {
        boolean exec = false;
        for (ProgramHeader ph : phdrs) {
            if (ph.type() == Elf.PT_GNU_STACK) exec = (ph.flags() & Elf.PF_X) != 0;
        }
        return exec;
    }

    public ElfSource source() {
        return source;
    }

    /** {@link Elf#ET_EXEC} or {@link Elf#ET_DYN}. */
    public int type() {
        return type;
    }

    public boolean isDyn() {
        return type == Elf.ET_DYN;
    }

    /** e_entry, before any load bias. */
    public long entry() {
        return entry;
    }

    /** e_phoff. */
    public long phoff() {
        return phoff;
    }

    public int phnum() {
        return programHeaders.size();
    }

    public List<ProgramHeader> programHeaders() {
        return programHeaders;
    }

    /** The PT_LOAD headers, in file order (which validation guarantees is ascending p_vaddr). */
    public List<ProgramHeader> loads() {
        return loads;
    }

    /** The PT_INTERP path (up to its first NUL). */
    public Optional<String> interpreter() {
        return Optional.ofNullable(interpreter);
    }

    /**
     * Whether the stack must be executable: a PT_GNU_STACK with PF_X. Without PT_GNU_STACK a
     * 64-bit x86 process gets a non-executable stack (no READ_IMPLIES_EXEC on x86-64).
     */
    public boolean executableStack() {
        return executableStack;
    }

    public Optional<ProgramHeader> find(int ptype) {
        return programHeaders.stream().filter(p -> p.type() == ptype).findFirst();
    }

    public Optional<ProgramHeader> tls() {
        return find(Elf.PT_TLS);
    }

    /** PT_PHDR, if the linker emitted one (dynamic executables do). */
    public Optional<ProgramHeader> phdrSegment() {
        return find(Elf.PT_PHDR);
    }

    /**
     * Where the program header table is in memory, before load bias: the address of e_phoff
     * inside the PT_LOAD whose file bytes contain it, as Linux computes AT_PHDR; 0 if no PT_LOAD
     * covers it.
     */
    public long phdrVaddr() {
        long addr = 0;
        for (ProgramHeader ph : loads) {
            if (ph.offset() <= phoff && phoff - ph.offset() < ph.filesz()) {
                addr = phoff - ph.offset() + ph.vaddr();
            }
        }
        return addr;
    }

    /** Largest power-of-two p_align of the PT_LOADs, at least a page (maximum_alignment). */
    public long maxAlignment() {
        long align = 0;
        for (ProgramHeader ph : loads) {
            long a = ph.align();
            if (a > 0 && Long.bitCount(a) == 1) align = Math.max(align, a);
        }
        return Math.max(Elf.pageAlign(align), Elf.PAGE_SIZE);
    }

    /** Lowest page and page-aligned end of all PT_LOADs: the span the image occupies. */
    public long imageStart() {
        return Elf.pageStart(loads.get(0).vaddr());
    }

    public long imageEnd() {
        return Elf.pageAlign(loads.get(loads.size() - 1).vend());
    }
}
