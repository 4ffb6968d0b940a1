package dev.umk.sched.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ElfFileTest {
    private static final int RW = Elf.PF_R | Elf.PF_W;
    private static final int RX = Elf.PF_R | Elf.PF_X;

    private static ElfFile parse(byte[] image) {
        return ElfFile.parse(ElfSource.of(image));
    }

    private static void assertErrno(Errno expected, byte[] image) {
        ErrnoException e = assertThrows(ErrnoException.class, () -> parse(image));
        assertEquals(expected, e.errno(), e.getMessage());
    }

    private static TestElf minimal() {
        return TestElf.exec().load(0, 0x400000, 0x1000, 0x1000, RX)
                .load(0x1000, 0x401000, 0x800, 0x2000, RW);
    }

    /** Cross-checks the parsed headers against a straight decode of the file's bytes. */
    private static void assertMatchesRawHeaders(ElfFile elf, byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(b.getShort(16), elf.type());
        assertEquals(b.getLong(24), elf.entry());
        assertEquals(b.getShort(56), elf.phnum());
        for (int i = 0; i < elf.phnum(); i++) {
            int at = (int) b.getLong(32) + i * Elf.PHDR_SIZE;
            ProgramHeader ph = elf.programHeaders().get(i);
            assertEquals(b.getInt(at), ph.type());
            assertEquals(b.getLong(at + 16), ph.vaddr());
            assertEquals(b.getLong(at + 40), ph.memsz());
        }
    }

    private static void assertLoadsSortedAndInFile(ElfFile elf, long fileSize) {
        List<ProgramHeader> loads = elf.loads();
        assertFalse(loads.isEmpty());
        for (int i = 1; i < loads.size(); i++) {
            assertTrue(loads.get(i).vaddr() >= loads.get(i - 1).vend());
        }
        for (ProgramHeader ph : loads) assertTrue(ph.offset() + ph.filesz() <= fileSize);
        assertTrue(loads.stream().anyMatch(ph -> (ph.flags() & Elf.PF_X) != 0
                && elf.entry() >= ph.vaddr() && elf.entry() < ph.vend()), "entry in code");
    }

    @Test
    void parsesBusyboxAsStaticBinary() {
        byte[] file = HostBinaries.bytes(HostBinaries.busybox());
        ElfFile elf = parse(file);
        assertMatchesRawHeaders(elf, file);
        assertTrue(elf.interpreter().isEmpty(), "busybox-static has no PT_INTERP");
        assertLoadsSortedAndInFile(elf, file.length);
        assertTrue(elf.type() == Elf.ET_EXEC || elf.type() == Elf.ET_DYN);
        assertFalse(elf.executableStack());
    }

    @Test
    void parsesMuslStaticExecutable() {
        byte[] file = HostBinaries.bytes(HostBinaries.muslStatic());
        ElfFile elf = parse(file);
        assertMatchesRawHeaders(elf, file);
        assertEquals(Elf.ET_EXEC, elf.type());
        assertTrue(elf.interpreter().isEmpty());
        assertTrue(elf.tls().isPresent(), "the test program has a __thread variable");
        assertLoadsSortedAndInFile(elf, file.length);
        assertFalse(elf.executableStack());
        // AT_PHDR: e_phoff inside the first PT_LOAD, which maps file offset 0 at 0x400000.
        assertEquals(elf.loads().get(0).vaddr() + elf.phoff(), elf.phdrVaddr());
    }

    @Test
    void parsesMuslStaticPieAsDynWithoutInterpreter() {
        byte[] file = HostBinaries.bytes(HostBinaries.muslStaticPie());
        ElfFile elf = parse(file);
        assertEquals(Elf.ET_DYN, elf.type());
        assertTrue(elf.interpreter().isEmpty());
        assertEquals(0, elf.imageStart());
        assertLoadsSortedAndInFile(elf, file.length);
    }

    @Test
    void parsesGccDynamicExecutableWithInterpreterAndPhdr() {
        byte[] file = HostBinaries.bytes(HostBinaries.gccDynamic());
        ElfFile elf = parse(file);
        assertMatchesRawHeaders(elf, file);
        assertTrue(elf.interpreter().isPresent());
        assertTrue(elf.interpreter().get().startsWith("/"), elf.interpreter().get());
        assertTrue(elf.interpreter().get().contains("ld-linux"), elf.interpreter().get());
        ProgramHeader phdr = elf.phdrSegment().orElseThrow();
        assertEquals(phdr.vaddr(), elf.phdrVaddr());
        assertFalse(elf.executableStack());
    }

    @Test
    void gnuStackWithExecFlagAsksForExecutableStack() {
        ElfFile elf = parse(HostBinaries.bytes(HostBinaries.gccExecStack()));
        assertTrue(elf.executableStack());
    }

    @Test
    void missingGnuStackMeansNonExecutableStack() {
        assertFalse(parse(minimal().build()).executableStack());
        assertTrue(parse(minimal().ph(Elf.PT_GNU_STACK, RW | Elf.PF_X, 0, 0, 0, 0, 16).build())
                .executableStack());
    }

    @Test
    void lastGnuStackWins() {
        byte[] f = minimal().ph(Elf.PT_GNU_STACK, RW | Elf.PF_X, 0, 0, 0, 0, 16)
                .ph(Elf.PT_GNU_STACK, RW, 0, 0, 0, 0, 16).build();
        assertFalse(parse(f).executableStack());
    }

    @Test
    void emptyOrShortFileIsENOEXEC() {
        assertErrno(Errno.ENOEXEC, new byte[0]);
        assertErrno(Errno.ENOEXEC, new byte[] {0x7f, 'E', 'L', 'F'});
        assertErrno(Errno.ENOEXEC, Arrays.copyOf(minimal().build(), 40));
    }

    @Test
    void wrongMagicIsENOEXEC() {
        byte[] f = minimal().build();
        f[1] = 'X';
        assertErrno(Errno.ENOEXEC, f);
        assertErrno(Errno.ENOEXEC, "#!/bin/sh\necho hi\n".getBytes());
    }

    @Test
    void wrongClassOrByteOrderIsENOEXEC() {
        assertErrno(Errno.ENOEXEC, minimal().elfClass(1).build());
        assertErrno(Errno.ENOEXEC, minimal().data(2).build());
    }

    @Test
    void wrongMachineIsENOEXEC() {
        assertErrno(Errno.ENOEXEC, minimal().machine(3).build());
        assertErrno(Errno.ENOEXEC, minimal().machine(183).build());
    }

    @Test
    void relocatableAndCoreFilesAreENOEXEC() {
        assertErrno(Errno.ENOEXEC, minimal().type(1).build());
        assertErrno(Errno.ENOEXEC, minimal().type(4).build());
    }

    @Test
    void badPhentsizeOrPhnumIsENOEXEC() {
        assertErrno(Errno.ENOEXEC, minimal().phentsize(32).build());
        assertErrno(Errno.ENOEXEC, minimal().phnum(0).build());
        assertErrno(Errno.ENOEXEC, minimal().phnum(1171).fileSize(70000).build());
    }

    @Test
    void phdrTableOutOfFileIsENOEXEC() {
        assertErrno(Errno.ENOEXEC, minimal().phoff(0x3fc0).build());
        assertErrno(Errno.ENOEXEC, minimal().phoff(-64).build());
        assertErrno(Errno.ENOEXEC, minimal().phoff(0x7ffffffffffffff0L).build());
    }

    @Test
    void truncatedExecutableIsENOEXEC() {
        byte[] file = HostBinaries.bytes(HostBinaries.muslStatic());
        assertErrno(Errno.ENOEXEC, Arrays.copyOf(file, 2000));
    }

    @Test
    void loadPastEndOfFileIsENOEXEC() {
        assertErrno(Errno.ENOEXEC, TestElf.exec().load(0x3000, 0x403000, 0x1001, 0x2000, RW).build());
        assertErrno(Errno.ENOEXEC, TestElf.exec().load(-4096, 0x403000, 0x10, 0x10, RW).build());
    }

    @Test
    void fileszAboveMemszIsEINVAL() {
        assertErrno(Errno.EINVAL, TestElf.exec().load(0, 0x400000, 0x2000, 0x1000, RX).build());
    }

    @Test
    void offsetAndVaddrInDifferentPagePositionsIsEINVAL() {
        assertErrno(Errno.EINVAL, TestElf.exec().load(0x1010, 0x401000, 0x100, 0x100, RX).build());
    }

    @Test
    void bssOnlySegmentNeedsNoOffsetAlignment() {
        ElfFile elf = parse(TestElf.exec().load(0, 0x400000, 0x1000, 0x1000, RX)
                .load(0x123, 0x500000, 0, 0x3000, RW).build());
        assertEquals(2, elf.loads().size());
    }

    @Test
    void unsortedOrOverlappingLoadsAreENOEXEC() {
        assertErrno(Errno.ENOEXEC, TestElf.exec().load(0x1000, 0x401000, 0x100, 0x100, RW)
                .load(0, 0x400000, 0x100, 0x100, RX).build());
        assertErrno(Errno.ENOEXEC, TestElf.exec().load(0, 0x400000, 0x1000, 0x1800, RX)
                .load(0x1000, 0x401000, 0x100, 0x100, RW).build());
    }

    @Test
    void loadsSharingAPageAreAccepted() {
        ElfFile elf = parse(TestElf.exec().load(0, 0x400000, 0x800, 0x800, RX)
                .load(0x800, 0x400800, 0x100, 0x900, RW).build());
        assertEquals(0x402000, elf.imageEnd());
    }

    @Test
    void addressOverflowIsEINVAL() {
        assertErrno(Errno.EINVAL, TestElf.exec().load(0, 0x7ffffffffffff000L, 0x10, 0x2000, RX).build());
        assertErrno(Errno.EINVAL, TestElf.exec().load(0, 0x400000, 0x10, -1L, RX).build());
    }

    @Test
    void noLoadSegmentIsEINVAL() {
        assertErrno(Errno.EINVAL, TestElf.exec().ph(Elf.PT_NOTE, Elf.PF_R, 0, 0, 0, 0, 4).build());
    }

    @Test
    void interpreterPathIsReadUpToItsNul() {
        ElfFile elf = parse(minimal().interp("/lib/ld-test.so", 0x200).build());
        assertEquals("/lib/ld-test.so", elf.interpreter().orElseThrow());
        byte[] inner = "/a\0junk\0".getBytes();
        ElfFile early = parse(minimal().ph(Elf.PT_INTERP, Elf.PF_R, 0x300, 0, inner.length,
                inner.length, 1).blob(0x300, inner).build());
        assertEquals("/a", early.interpreter().orElseThrow());
    }

    @Test
    void firstInterpreterWins() {
        ElfFile elf = parse(minimal().interp("/first", 0x200).interp("/second", 0x280).build());
        assertEquals("/first", elf.interpreter().orElseThrow());
    }

    @Test
    void badInterpreterSizeOrTerminatorIsENOEXEC() {
        assertErrno(Errno.ENOEXEC, minimal().ph(Elf.PT_INTERP, 4, 0x200, 0, 1, 1, 1).build());
        assertErrno(Errno.ENOEXEC, minimal().ph(Elf.PT_INTERP, 4, 0x200, 0, 4097, 4097, 1)
                .fileSize(0x8000).build());
        assertErrno(Errno.ENOEXEC, minimal().ph(Elf.PT_INTERP, 4, 0x200, 0, 8, 8, 1)
                .blob(0x200, "/lib/ldX".getBytes()).build());
    }

    @Test
    void interpreterPastEndOfFileIsEIO() {
        assertErrno(Errno.EIO, minimal().ph(Elf.PT_INTERP, 4, 0x3ff0, 0, 0x20, 0x20, 1).build());
    }

    @Test
    void maxAlignmentIgnoresNonPowersOfTwo() {
        ElfFile elf = parse(TestElf.dyn().ph(Elf.PT_LOAD, RX, 0, 0, 0x100, 0x100, 0x200000)
                .ph(Elf.PT_LOAD, RW, 0x1000, 0x201000, 0x100, 0x100, 0x300000).build());
        assertEquals(0x200000, elf.maxAlignment());
        ElfFile small = parse(TestElf.dyn().ph(Elf.PT_LOAD, RX, 0, 0, 0x100, 0x100, 16).build());
        assertEquals(Elf.PAGE_SIZE, small.maxAlignment());
    }

    @Test
    void phdrAddressIsZeroWhenNoLoadCoversIt() {
        ElfFile elf = parse(TestElf.exec().load(0x1000, 0x401000, 0x100, 0x100, RX).build());
        assertEquals(0, elf.phdrVaddr());
    }
}
