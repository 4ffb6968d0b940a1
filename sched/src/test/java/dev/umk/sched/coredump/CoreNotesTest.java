package dev.umk.sched.coredump;

import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.hw.Registers;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoreNotesTest {
    static ByteBuffer desc(ElfNote n) {
        return ByteBuffer.wrap(n.desc()).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void prstatusHasLinuxOffsets() {
        Registers r = new Registers();
        r.r15 = 0xf15;
        r.rip = 0x401000;
        r.gs = 0x99;
        long[] times = {1_500_000_000L, 2_000_001_000L, 0, 3_000L};
        ElfNote n = CoreNotes.prstatus(new CoreNotes.PrStatus(6, 0x100, 0x4000, 77, 1, 70, 60, times, r, true));
        assertEquals(CoreNotes.NT_PRSTATUS, n.type());
        ByteBuffer b = desc(n);
        assertEquals(336, n.desc().length);
        assertEquals(6, b.getInt(0), "pr_info.si_signo");
        assertEquals(6, b.getShort(12), "pr_cursig");
        assertEquals(0x100, b.getLong(16));
        assertEquals(0x4000, b.getLong(24));
        assertEquals(77, b.getInt(32));
        assertEquals(1, b.getInt(36));
        assertEquals(70, b.getInt(40));
        assertEquals(60, b.getInt(44));
        assertEquals(1, b.getLong(48), "utime seconds");
        assertEquals(500_000, b.getLong(56), "utime microseconds");
        assertEquals(2, b.getLong(64));
        assertEquals(1, b.getLong(72));
        assertEquals(3, b.getLong(104), "cstime microseconds");
        assertEquals(0xf15, b.getLong(112), "pr_reg starts with r15");
        assertEquals(0x401000, b.getLong(112 + 16 * 8), "rip is word 16");
        assertEquals(0x99, b.getLong(112 + 26 * 8), "gs is the last word");
        assertEquals(1, b.getInt(328), "pr_fpvalid");
    }

    @Test
    void prpsinfoJoinsArgumentsWithSpacesAndCutsThemAt79Bytes() {
        byte[][] argv = {"prog".getBytes(), "a".getBytes(), "x".repeat(100).getBytes()};
        ElfNote n = CoreNotes.prpsinfo(new CoreNotes.PrPsInfo(0, 0, 0x600, 1000, 100, 5, 4, 5, 3,
                "prog".getBytes(), argv));
        ByteBuffer b = desc(n);
        assertEquals(136, n.desc().length);
        assertEquals('R', b.get(1));
        assertEquals(1000, b.getInt(16));
        assertEquals(100, b.getInt(20));
        assertEquals(5, b.getInt(24));
        assertEquals(4, b.getInt(28));
        assertEquals("prog", new String(n.desc(), 40, 4, StandardCharsets.US_ASCII));
        assertEquals(0, b.get(44));
        String args = new String(n.desc(), 56, 80, StandardCharsets.US_ASCII);
        assertTrue(args.startsWith("prog a xxx"), args);
        assertEquals(0, b.get(56 + 79), "always NUL-terminated");
        ElfNote shortArgs = CoreNotes.prpsinfo(new CoreNotes.PrPsInfo(0, 0, 0, 0, 0, 1, 0, 1, 1,
                "p".getBytes(), new byte[][] {"p".getBytes(), "q".getBytes()}));
        assertEquals("p q ", new String(shortArgs.desc(), 56, 4, StandardCharsets.US_ASCII),
                "each argument's NUL becomes a space, as Linux does");
    }

    @Test
    void fileNoteListsRangesInPagesThenNames() {
        ElfNote n = CoreNotes.files(List.of(
                new CoreNotes.FileMapping(0x400000, 0x401000, 0, "/bin/prog"),
                new CoreNotes.FileMapping(0x401000, 0x403000, 1, "/bin/prog")));
        ByteBuffer b = desc(n);
        assertEquals(2, b.getLong(0));
        assertEquals(4096, b.getLong(8));
        assertEquals(0x401000, b.getLong(16 + 24 + 0));
        assertEquals(0x403000, b.getLong(16 + 24 + 8));
        assertEquals(1, b.getLong(16 + 24 + 16));
        assertEquals("/bin/prog\0/bin/prog\0", new String(n.desc(), 16 + 48, n.desc().length - 64, StandardCharsets.US_ASCII));
    }

    @Test
    void auxvEndsAtItsNullEntry() {
        ElfNote n = CoreNotes.auxv(new long[] {6, 4096, 25, 0x7ff0, 0, 0, 99, 99});
        assertEquals(48, n.desc().length);
        assertEquals(16, CoreNotes.auxv(new long[0]).desc().length, "nothing saved: AT_NULL alone");
    }

    @Test
    void fpuNotesAreFxsaveThenTheWholeXsaveArea() {
        byte[] xsave = new byte[832];
        xsave[0] = 0x7f;
        xsave[600] = 1;
        assertEquals(512, CoreNotes.fpregset(xsave).desc().length);
        ElfNote x = CoreNotes.xstate(xsave);
        assertEquals("LINUX", x.name());
        assertEquals(CoreNotes.NT_X86_XSTATE, x.type());
        assertEquals(832, x.desc().length);
    }
}
