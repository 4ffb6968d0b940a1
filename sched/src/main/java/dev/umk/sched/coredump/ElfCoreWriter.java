package dev.umk.sched.coredump;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Writes an ELF64 ET_CORE file for x86-64 as binfmt_elf's elf_core_dump does: the ELF
 * header, one PT_NOTE program header followed by one PT_LOAD per memory area, the notes, then
 * (from the next page boundary) each dumped area's pages in order.
 *
 * <p>Like Linux's dump_emit / dump_skip: every piece is written whole or not at all, and
 * only written bytes count against the limit (RLIMIT_CORE); a page that reads as zeros is
 * skipped, leaving a hole. When the next piece would pass the limit the dump stops there
 * ({@link Result#LIMIT_REACHED}). A file that would end in a hole gets its last byte
 * written, so its size covers every segment.
 */
public final class ElfCoreWriter {
    /** How a dump ended. Linux reports both as "core dumped". */
    public enum Result { COMPLETE, LIMIT_REACHED }

    public static final int EHDR_SIZE = 64;
    public static final int PHDR_SIZE = 56;
    public static final int PAGE = 4096;
    static final int ET_CORE = 4;
    static final int EM_X86_64 = 62;
    static final int PT_LOAD = 1;
    static final int PT_NOTE = 4;
    /** e_phnum's escape value (extended numbering is not written: umk has fewer areas). */
    static final int PN_XNUM = 0xffff;

    private final CoreSink sink;
    private final long limit;
    private long pos;
    private long written;
    /** End of the last byte really written. */
    private long end;

    /** @param limit RLIMIT_CORE in bytes; negative (RLIM_INFINITY) for none */
    private ElfCoreWriter(CoreSink sink, long limit) {
        this.sink = sink;
        this.limit = limit < 0 ? Long.MAX_VALUE : limit;
    }

    /**
     * Writes the whole core file.
     *
     * @throws dev.umk.core.kernel.ErrnoException from the sink (the file stops where it was)
     */
    public static Result write(List<ElfNote> notes, List<CoreSegment> segments, PageSource mem,
                               CoreSink sink, long limit) {
        if (segments.size() + 1 >= PN_XNUM) throw new IllegalArgumentException(segments.size() + " segments");
        return new ElfCoreWriter(sink, limit).dump(notes, segments, mem) ? Result.COMPLETE : Result.LIMIT_REACHED;
    }

    private boolean dump(List<ElfNote> notes, List<CoreSegment> segments, PageSource mem) {
        int phnum = segments.size() + 1;
        long offset = EHDR_SIZE + (long) phnum * PHDR_SIZE;
        long notesSize = 0;
        for (ElfNote n : notes) notesSize += n.size();
        long dataOff = roundUp(offset + notesSize, PAGE);
        boolean ok = emit(header(phnum))
                && emit(phdr(PT_NOTE, 0, offset, 0, notesSize, 0, 4));
        long off = dataOff;
        for (CoreSegment s : segments) {
            ok = ok && emit(phdr(PT_LOAD, s.flags(), off, s.start(), s.filesz(), s.memsz(), PAGE));
            off += s.filesz();
        }
        for (ElfNote n : notes) ok = ok && emit(n.encode());
        if (ok) {
            pos = dataOff;
            ok = dumpMemory(segments, mem);
        }
        if (pos > end && written + 1 <= limit) {
            // dump_skip's hole at the end: write its last byte so the size is right.
            sink.write(pos - 1, new byte[1], 0, 1);
            written++;
        }
        return ok;
    }

    private boolean dumpMemory(List<CoreSegment> segments, PageSource mem) {
        byte[] page = new byte[PAGE];
        for (CoreSegment s : segments) {
            if (!s.dump()) continue;
            for (long va = s.start(); va < s.end(); va += PAGE) {
                if (mem.readPage(va, page)) {
                    if (!emit(page)) return false;
                } else {
                    pos += PAGE;
                }
            }
        }
        return true;
    }

    /** dump_emit: all of {@code b} at the current position, unless that passes the limit. */
    private boolean emit(byte[] b) {
        if (written + b.length > limit || written + b.length < 0) return false;
        sink.write(pos, b, 0, b.length);
        pos += b.length;
        written += b.length;
        end = pos;
        return true;
    }

    private static byte[] header(int phnum) {
        ByteBuffer b = le(EHDR_SIZE);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2 /* ELFCLASS64 */, 1 /* little-endian */, 1 /* EV_CURRENT */});
        b.position(16);
        b.putShort((short) ET_CORE).putShort((short) EM_X86_64).putInt(1);
        b.putLong(0).putLong(EHDR_SIZE).putLong(0); // e_entry, e_phoff, e_shoff
        b.putInt(0).putShort((short) EHDR_SIZE).putShort((short) PHDR_SIZE).putShort((short) phnum);
        b.putShort((short) 0).putShort((short) 0).putShort((short) 0); // no sections
        return b.array();
    }

    private static byte[] phdr(int type, int flags, long offset, long vaddr, long filesz, long memsz, long align) {
        ByteBuffer b = le(PHDR_SIZE);
        b.putInt(type).putInt(flags).putLong(offset).putLong(vaddr).putLong(0 /* p_paddr */)
                .putLong(filesz).putLong(memsz).putLong(align);
        return b.array();
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static long roundUp(long v, long a) {
        return (v + a - 1) & -a;
    }
}
