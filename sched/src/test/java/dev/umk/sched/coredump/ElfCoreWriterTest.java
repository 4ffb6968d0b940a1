package dev.umk.sched.coredump;

import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.hw.Registers;
import dev.umk.core.kernel.ErrnoException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ElfCoreWriterTest {
    static final int PAGE = 4096;

    /** A growable file: positional writes, as OpenFile.pwrite gives them. */
    static final class MemFile implements CoreSink {
        byte[] data = new byte[0];
        int writes;

        @Override
        public void write(long pos, byte[] b, int off, int len) {
            writes++;
            if (pos + len > data.length) data = Arrays.copyOf(data, (int) (pos + len));
            System.arraycopy(b, off, data, (int) pos, len);
        }

        ByteBuffer buf() {
            return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    /** Pages filled with their page number, except the ones listed as holes. */
    static PageSource pages(long... holes) {
        return (va, page) -> {
            for (long h : holes) if (h == va) return false;
            Arrays.fill(page, (byte) (va / PAGE));
            return true;
        };
    }

    record Note(String name, int type, byte[] desc) {}

    static List<Note> parseNotes(ByteBuffer b, long off, long size) {
        List<Note> out = new ArrayList<>();
        int p = (int) off;
        while (p < off + size) {
            int namesz = b.getInt(p), descsz = b.getInt(p + 4), type = b.getInt(p + 8);
            String name = new String(b.array(), p + 12, namesz - 1, StandardCharsets.US_ASCII);
            int d = p + 12 + ((namesz + 3) & ~3);
            out.add(new Note(name, type, Arrays.copyOfRange(b.array(), d, d + descsz)));
            p = d + ((descsz + 3) & ~3);
        }
        return out;
    }

    static List<ElfNote> sampleNotes() {
        Registers r = new Registers();
        r.rip = 0x401234;
        r.rsp = 0x7ffe0000;
        return List.of(
                CoreNotes.prstatus(new CoreNotes.PrStatus(11, 0, 0, 42, 1, 42, 1, new long[4], r, true)),
                CoreNotes.siginfo(new byte[128]),
                CoreNotes.fpregset(new byte[512]));
    }

    @Test
    void writesAnEtCoreWithOneNoteSegmentThenOneLoadPerArea() {
        List<CoreSegment> segs = List.of(
                new CoreSegment(0x400000, 0x402000, CoreSegment.PF_R | CoreSegment.PF_X, true),
                new CoreSegment(0x500000, 0x501000, 0, false),
                new CoreSegment(0x600000, 0x603000, CoreSegment.PF_R | CoreSegment.PF_W, true));
        MemFile f = new MemFile();
        assertEquals(ElfCoreWriter.Result.COMPLETE, ElfCoreWriter.write(sampleNotes(), segs, pages(), f, -1));
        ByteBuffer b = f.buf();
        assertArrayEquals(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1}, Arrays.copyOf(f.data, 7));
        assertEquals(4, b.getShort(16), "ET_CORE");
        assertEquals(62, b.getShort(18), "EM_X86_64");
        assertEquals(64, b.getLong(32), "e_phoff");
        assertEquals(56, b.getShort(54));
        assertEquals(4, b.getShort(56), "PT_NOTE + 3 PT_LOAD");
        int ph = 64;
        assertEquals(4, b.getInt(ph), "PT_NOTE first");
        long notesOff = b.getLong(ph + 8), notesSize = b.getLong(ph + 32);
        assertEquals(64 + 4 * 56, notesOff);
        List<Note> notes = parseNotes(b, notesOff, notesSize);
        assertEquals(List.of(1, 0x53494749, 2), notes.stream().map(Note::type).toList());
        assertEquals("CORE", notes.get(0).name());
        long data = (notesOff + notesSize + PAGE - 1) & -PAGE;
        long[][] expect = {{0x400000, 2 * PAGE, 2 * PAGE, 5}, {0x500000, 0, PAGE, 0}, {0x600000, 3 * PAGE, 3 * PAGE, 6}};
        long off = data;
        for (int i = 0; i < 3; i++) {
            int p = ph + 56 * (i + 1);
            assertEquals(1, b.getInt(p), "PT_LOAD");
            assertEquals(expect[i][3], b.getInt(p + 4), "p_flags");
            assertEquals(off, b.getLong(p + 8), "p_offset");
            assertEquals(expect[i][0], b.getLong(p + 16), "p_vaddr");
            assertEquals(expect[i][1], b.getLong(p + 32), "p_filesz");
            assertEquals(expect[i][2], b.getLong(p + 40), "p_memsz");
            off += expect[i][1];
        }
        assertEquals(off, f.data.length);
        assertEquals((byte) (0x401000 / PAGE), f.data[(int) data + PAGE], "second page of the first area");
        assertEquals((byte) (0x602000 / PAGE), f.data[(int) (data + 4 * PAGE)]);
    }

    @Test
    void zeroPagesAreHolesAndATrailingHoleStillSizesTheFile() {
        List<CoreSegment> segs = List.of(new CoreSegment(0x400000, 0x403000, CoreSegment.PF_R, true));
        MemFile f = new MemFile();
        ElfCoreWriter.write(List.of(), segs, pages(0x401000, 0x402000), f, -1);
        int data = PAGE;
        assertEquals(data + 3 * PAGE, f.data.length, "the last byte of the final hole is written");
        assertEquals(0, f.data[data + PAGE], "hole reads as zero");
        assertEquals((byte) (0x400000 / PAGE), f.data[data]);
    }

    @Test
    void stopsAtTheLimitButHolesDoNotCount() {
        List<CoreSegment> segs = List.of(new CoreSegment(0x400000, 0x404000, CoreSegment.PF_R, true));
        MemFile f = new MemFile();
        // header + 2 phdrs = 176 bytes, then a hole, then 2 pages: the second page passes the limit.
        long limit = 176 + 2 * PAGE - 1;
        ElfCoreWriter.Result r = ElfCoreWriter.write(List.of(), segs, pages(0x400000), f, limit);
        assertEquals(ElfCoreWriter.Result.LIMIT_REACHED, r);
        assertEquals(PAGE + 2 * PAGE, f.data.length, "header, a hole, one page");
        assertEquals((byte) (0x401000 / PAGE), f.data[2 * PAGE]);
    }

    @Test
    void aLimitBelowTheHeadersWritesNothing() {
        MemFile f = new MemFile();
        assertEquals(ElfCoreWriter.Result.LIMIT_REACHED, ElfCoreWriter.write(sampleNotes(), List.of(), pages(), f, 10));
        assertEquals(0, f.data.length);
    }

    @Test
    void sinkErrorsPropagate() {
        CoreSink full = (pos, b, off, len) -> {
            throw new ErrnoException(Errno.ENOSPC);
        };
        ErrnoException e = assertThrows(ErrnoException.class,
                () -> ElfCoreWriter.write(sampleNotes(), List.of(), pages(), full, -1));
        assertEquals(Errno.ENOSPC, e.errno());
    }

    @Test
    void noteEncodingPadsNameAndDescriptorToFourBytes() {
        ElfNote n = new ElfNote("LINUX", 0x202, new byte[] {1, 2, 3, 4, 5});
        assertEquals(12 + 8 + 8, n.size());
        ByteBuffer b = ByteBuffer.wrap(n.encode()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(6, b.getInt(0));
        assertEquals(5, b.getInt(4));
        assertEquals(0x202, b.getInt(8));
        assertEquals('L', b.get(12));
        assertEquals(0, b.get(17), "NUL");
        assertEquals(1, b.get(20));
    }
}
