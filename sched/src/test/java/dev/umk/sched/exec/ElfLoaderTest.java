package dev.umk.sched.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ElfLoaderTest {
    private static final int RW = Elf.PF_R | Elf.PF_W;
    private static final int RX = Elf.PF_R | Elf.PF_X;
    private static final ElfBinary.InterpreterOpener NO_INTERP = path -> {
        throw new ErrnoException(Errno.ENOENT, path);
    };

    private final FakeExecMemory mem = new FakeExecMemory();

    private static Aslr off() {
        return Aslr.disabled(new Random(1));
    }

    private LoadedImage load(byte[] file, Aslr aslr) {
        return ElfLoader.load(mem, ElfBinary.open(ElfSource.of(file), NO_INTERP), aslr);
    }

    private static ElfBinary.InterpreterOpener hostFiles() {
        return path -> ElfSource.of(HostBinaries.bytes(Path.of(path)));
    }

    /** Every PT_LOAD's file bytes, bss zeros and protections are where the bias puts them. */
    private void assertImageMapped(ElfFile elf, byte[] file, long bias) {
        for (ProgramHeader ph : elf.loads()) {
            long va = ph.vaddr() + bias;
            byte[] expected = Arrays.copyOfRange(file, (int) ph.offset(),
                    (int) (ph.offset() + ph.filesz()));
            assertArrayEquals(expected, mem.read(va, (int) ph.filesz()), "segment at " + hex(va));
            byte[] bss = mem.read(va + ph.filesz(), (int) (ph.memsz() - ph.filesz()));
            assertArrayEquals(new byte[bss.length], bss, "bss at " + hex(va + ph.filesz()));
            for (long p = Elf.pageStart(va); p < va + ph.memsz(); p += Elf.PAGE_SIZE) {
                assertEquals(ph.prot(), mem.protAt(p), "prot at " + hex(p));
            }
        }
    }

    private static String hex(long v) {
        return Long.toHexString(v);
    }

    @Test
    void staticExecutableLandsAtItsVaddrs() {
        byte[] file = HostBinaries.bytes(HostBinaries.muslStatic());
        ElfFile elf = ElfFile.parse(ElfSource.of(file));
        LoadedImage img = load(file, off());
        assertEquals(0, img.loadBias());
        assertImageMapped(elf, file, 0);
        assertEquals(elf.entry(), img.entry());
        assertEquals(elf.entry(), img.programEntry());
        assertEquals(0, img.interpreterBase());
        long end = elf.loads().get(elf.loads().size() - 1).vend();
        assertEquals(Elf.pageAlign(end), img.brkStart());
        assertEquals(img.brkStart(), mem.brkBase);
        assertEquals(elf.phnum(), img.phnum());
        assertEquals(Elf.PHDR_SIZE, img.phent());
        byte[] phdrs = Arrays.copyOfRange(file, (int) elf.phoff(),
                (int) elf.phoff() + elf.phnum() * Elf.PHDR_SIZE);
        assertArrayEquals(phdrs, mem.read(img.phdrAddr(), phdrs.length), "AT_PHDR points at the table");
        assertFalse(img.stackExecutable());
    }

    @Test
    void busyboxLoads() {
        byte[] file = HostBinaries.bytes(HostBinaries.busybox());
        ElfFile elf = ElfFile.parse(ElfSource.of(file));
        LoadedImage img = load(file, off());
        assertImageMapped(elf, file, img.loadBias());
        assertEquals(elf.entry() + img.loadBias(), img.entry());
        assertTrue(img.startCode() <= img.entry() && img.entry() < img.endCode());
    }

    @Test
    void staticPieGoesToMmapAreaAndMovesBrk() {
        byte[] file = HostBinaries.bytes(HostBinaries.muslStaticPie());
        ElfFile elf = ElfFile.parse(ElfSource.of(file));
        LoadedImage img = load(file, off());
        long bias = img.loadBias();
        assertEquals(0, Elf.pageOffset(bias));
        assertTrue(bias + elf.imageEnd() <= FakeExecMemory.MMAP_BASE, hex(bias));
        assertTrue(bias > ElfLoader.ELF_ET_DYN_BASE, hex(bias));
        assertImageMapped(elf, file, bias);
        assertEquals(elf.entry() + bias, img.entry());
        assertEquals(0x555555555000L, img.brkStart(), "page after ELF_ET_DYN_BASE, as Linux");
    }

    @Test
    void pieWithInterpreterUsesEtDynBaseAndMapsTheInterpreter() {
        byte[] file = HostBinaries.bytes(HostBinaries.gccDynamic());
        ElfBinary bin = ElfBinary.open(ElfSource.of(file), hostFiles());
        ElfFile exe = bin.executable();
        ElfFile ld = bin.interpreter().orElseThrow();
        LoadedImage img = ElfLoader.load(mem, bin, off());

        assertEquals(0x555555554000L, img.loadBias());
        assertImageMapped(exe, file, img.loadBias());
        assertEquals(exe.entry() + img.loadBias(), img.programEntry());
        assertEquals(exe.phdrSegment().orElseThrow().vaddr() + img.loadBias(), img.phdrAddr());

        long base = img.interpreterBase();
        assertTrue(base > img.brkStart() && base < FakeExecMemory.MMAP_BASE, hex(base));
        byte[] ldFile = HostBinaries.bytes(Path.of(exe.interpreter().orElseThrow()));
        assertImageMapped(ld, ldFile, base);
        assertEquals(ld.entry() + base, img.entry());
    }

    @Test
    void randomizationMovesPieBiasAndBrkWithinLinuxRanges() {
        byte[] file = TestElf.dyn().interp("/ld.so", 0x200)
                .load(0, 0, 0x1000, 0x1000, RX).load(0x1000, 0x1000, 0x100, 0x3000, RW).build();
        byte[] ld = TestElf.dyn().load(0, 0, 0x1000, 0x1000, RX).build();
        ElfBinary.InterpreterOpener opener = path -> ElfSource.of(ld);
        long[] biases = new long[2];
        for (int seed = 0; seed < 2; seed++) {
            FakeExecMemory m = new FakeExecMemory();
            LoadedImage img = ElfLoader.load(m, ElfBinary.open(ElfSource.of(file), opener),
                    Aslr.enabled(new Random(seed)));
            long bias = img.loadBias();
            assertTrue(bias >= 0x555555554000L && bias < 0x555555554000L + (1L << 40), hex(bias));
            assertEquals(0, Elf.pageOffset(bias));
            long end = bias + 0x4000;
            assertTrue(img.brkStart() >= end + Elf.PAGE_SIZE
                    && img.brkStart() < end + Elf.PAGE_SIZE + (32 << 20), hex(img.brkStart()));
            assertEquals(0, Elf.pageOffset(img.brkStart()));
            biases[seed] = bias;
        }
        assertNotEquals(biases[0], biases[1]);
    }

    @Test
    void lastFilePageCarriesFileBytesWithoutBssAndZerosWithBss() {
        byte[] file = TestElf.exec().entry(0x400100)
                .load(0, 0x400000, 0x1800, 0x1800, RX)
                .load(0x2100, 0x402100, 0x100, 0x2000, RW).build();
        load(file, off());
        for (long off = 0x1800; off < 0x2000; off++) {
            assertEquals(TestElf.pattern(off), mem.read(0x400000 + off, 1)[0], "text tail " + off);
        }
        for (long off = 0x2000; off < 0x2200; off++) {
            assertEquals(TestElf.pattern(off), mem.read(0x400000 + off, 1)[0], "data head " + off);
        }
        assertArrayEquals(new byte[0x1f00], mem.read(0x402200, 0x1f00));
    }

    @Test
    void fileTailIsClampedAtEndOfFile() {
        byte[] file = TestElf.exec().entry(0x400100).fileSize(0x1100)
                .load(0, 0x400000, 0x1100, 0x1100, RX).build();
        load(file, off());
        assertEquals(TestElf.pattern(0x10ff), mem.read(0x4010ff, 1)[0]);
        assertArrayEquals(new byte[0xf00], mem.read(0x401100, 0xf00));
    }

    @Test
    void readOnlySegmentsEndUpReadOnly() {
        byte[] file = TestElf.exec().entry(0x401000)
                .load(0, 0x400000, 0x100, 0x100, Elf.PF_R)
                .load(0x1000, 0x401000, 0x100, 0x100, RX)
                .load(0x2000, 0x402000, 0x100, 0x100, RW).build();
        load(file, off());
        assertEquals(ExecMemory.PROT_READ, mem.protAt(0x400000));
        assertEquals(ExecMemory.PROT_READ | ExecMemory.PROT_EXEC, mem.protAt(0x401000));
        assertEquals(ExecMemory.PROT_READ | ExecMemory.PROT_WRITE, mem.protAt(0x402000));
    }

    @Test
    void holesBetweenSegmentsOfMmapPlacedImageAreUnmapped() {
        byte[] file = TestElf.dyn().load(0, 0, 0x1000, 0x1000, RX)
                .load(0x1000, 0x10000, 0x100, 0x100, RW).build();
        LoadedImage img = load(file, off());
        long bias = img.loadBias();
        assertTrue(mem.isMapped(bias));
        for (long va = bias + 0x1000; va < bias + 0x10000; va += Elf.PAGE_SIZE) {
            assertFalse(mem.isMapped(va), hex(va));
        }
        assertTrue(mem.isMapped(bias + 0x10000));
    }

    @Test
    void largeAlignmentIsHonouredAndLeavesNoPlaceholder() {
        byte[] file = TestElf.dyn()
                .ph(Elf.PT_LOAD, RX, 0, 0, 0x1000, 0x1000, 0x200000)
                .ph(Elf.PT_LOAD, RW, 0x1000, 0x201000, 0x100, 0x100, 0x200000).build();
        LoadedImage img = load(file, off());
        assertEquals(0, img.loadBias() % 0x200000, hex(img.loadBias()));
        Map<Long, long[]> regions = mem.regions();
        assertEquals(2, regions.size(), "only the two segments stay mapped");
        assertTrue(regions.containsKey(img.loadBias()));
        assertTrue(regions.containsKey(img.loadBias() + 0x201000));
    }

    @Test
    void pieBiasIsAlignedToItsLargestAlignment() {
        byte[] file = TestElf.dyn().interp("/ld.so", 0x200)
                .ph(Elf.PT_LOAD, RX, 0, 0, 0x1000, 0x1000, 0x200000).build();
        byte[] ld = TestElf.dyn().load(0, 0, 0x1000, 0x1000, RX).build();
        LoadedImage img = ElfLoader.load(mem,
                ElfBinary.open(ElfSource.of(file), p -> ElfSource.of(ld)), off());
        assertEquals(ElfLoader.ELF_ET_DYN_BASE & -0x200000L, img.loadBias());
    }

    @Test
    void missingInterpreterFailsWithOpenersErrno() {
        byte[] file = TestElf.dyn().interp("/nope/ld.so", 0x200).load(0, 0, 0x1000, 0x1000, RX).build();
        ErrnoException e = assertThrows(ErrnoException.class,
                () -> ElfBinary.open(ElfSource.of(file), NO_INTERP));
        assertEquals(Errno.ENOENT, e.errno());
    }

    @Test
    void nonElfInterpreterIsELIBBAD() {
        byte[] file = TestElf.dyn().interp("/ld.so", 0x200).load(0, 0, 0x1000, 0x1000, RX).build();
        ErrnoException e = assertThrows(ErrnoException.class, () -> ElfBinary.open(
                ElfSource.of(file), p -> ElfSource.of("#!/bin/sh\n".getBytes())));
        assertEquals(Errno.ELIBBAD, e.errno());
    }

    @Test
    void segmentBeyondTaskSizeIsEINVAL() {
        byte[] file = TestElf.exec().entry(0x400000)
                .load(0, FakeExecMemory.TASK_SIZE - 0x1000, 0x100, 0x2000, RX).build();
        ErrnoException e = assertThrows(ErrnoException.class, () -> load(file, off()));
        assertEquals(Errno.EINVAL, e.errno());
    }

    @Test
    void entryBeyondTaskSizeIsEINVAL() {
        byte[] file = TestElf.exec().entry(FakeExecMemory.TASK_SIZE)
                .load(0, 0x400000, 0x100, 0x100, RX).build();
        ErrnoException e = assertThrows(ErrnoException.class, () -> load(file, off()));
        assertEquals(Errno.EINVAL, e.errno());
    }

    @Test
    void interpreterBeyondTaskSizeIsENOMEM() {
        byte[] file = TestElf.dyn().interp("/ld.so", 0x200).load(0, 0, 0x1000, 0x1000, RX).build();
        byte[] ld = TestElf.exec().entry(0x400000)
                .load(0, FakeExecMemory.TASK_SIZE - 0x1000, 0x100, 0x2000, RX).build();
        ElfBinary bin = ElfBinary.open(ElfSource.of(file), p -> ElfSource.of(ld));
        ErrnoException e = assertThrows(ErrnoException.class, () -> ElfLoader.load(mem, bin, off()));
        assertEquals(Errno.ENOMEM, e.errno());
    }

    @Test
    void executableStackRequestIsReported() {
        byte[] file = TestElf.exec().entry(0x400000).load(0, 0x400000, 0x100, 0x100, RX)
                .ph(Elf.PT_GNU_STACK, RW | Elf.PF_X, 0, 0, 0, 0, 16).build();
        assertTrue(load(file, off()).stackExecutable());
    }
}
