package dev.umk.sched.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.umk.core.abi.Auxv;
import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BinprmTest {
    private static final int RX = Elf.PF_R | Elf.PF_X;
    private static final byte[] ELF = TestElf.exec().entry(0x400000)
            .load(0, 0x400000, 0x1000, 0x1000, RX).build();

    private final Map<String, byte[]> files = new HashMap<>();

    private ElfSource open(String path) {
        byte[] f = files.get(path);
        if (f == null) throw new ErrnoException(Errno.ENOENT, path);
        return ElfSource.of(f);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static ExecArgs args(String file, String... argv) {
        return ExecArgs.create(b(file), Arrays.stream(argv).map(BinprmTest::b).toList(),
                List.of(b("E=1")), 8L << 20);
    }

    private static List<String> strings(List<byte[]> l) {
        return l.stream().map(x -> new String(x, StandardCharsets.UTF_8)).toList();
    }

    @Test
    void elfFileIsUsedAsIs() {
        Binprm bprm = Binprm.prepare(ElfSource.of(ELF), args("/bin/x", "x", "1"), this::open);
        assertEquals(0x400000, bprm.binary().executable().entry());
        assertEquals(List.of("x", "1"), strings(bprm.args().argv()));
    }

    @Test
    void scriptRestartsWithItsInterpreter() {
        files.put("/bin/sh", ELF);
        Binprm bprm = Binprm.prepare(ElfSource.of(b("#!/bin/sh -e\necho hi\n")),
                args("./run.sh", "run.sh", "a"), this::open);
        assertTrue(bprm.binary().interpreter().isEmpty());
        assertEquals(List.of("/bin/sh", "-e", "./run.sh", "a"), strings(bprm.args().argv()));
        assertArrayEquals(b("./run.sh"), bprm.args().execfn());
    }

    @Test
    void fiveScriptLevelsAreAllowedAndSixAreELOOP() {
        for (int i = 1; i <= 4; i++) files.put("/s" + i, b("#!/s" + (i + 1) + "\n"));
        files.put("/s5", ELF);
        Binprm ok = Binprm.prepare(ElfSource.of(b("#!/s1\n")), args("/s0", "s0"), this::open);
        assertEquals(List.of("/s5", "/s4", "/s3", "/s2", "/s1", "/s0"), strings(ok.args().argv()));

        files.put("/s5", b("#!/s6\n"));
        files.put("/s6", ELF);
        ErrnoException e = assertThrows(ErrnoException.class,
                () -> Binprm.prepare(ElfSource.of(b("#!/s1\n")), args("/s0", "s0"), this::open));
        assertEquals(Errno.ELOOP, e.errno());
    }

    @Test
    void missingScriptInterpreterIsENOENT() {
        ErrnoException e = assertThrows(ErrnoException.class, () -> Binprm.prepare(
                ElfSource.of(b("#!/no/such\n")), args("/s", "s"), this::open));
        assertEquals(Errno.ENOENT, e.errno());
    }

    @Test
    void otherFilesAreENOEXEC() {
        for (byte[] f : List.of(b("hello\n"), new byte[0], b("#"))) {
            ErrnoException e = assertThrows(ErrnoException.class,
                    () -> Binprm.prepare(ElfSource.of(f), args("/f", "f"), this::open));
            assertEquals(Errno.ENOEXEC, e.errno());
        }
    }

    @Test
    void dynamicProgramLoadsEndToEnd() {
        Path exe = HostBinaries.gccDynamic();
        Binprm bprm = Binprm.prepare(ElfSource.of(HostBinaries.bytes(exe)),
                args(exe.toString(), "prog", "arg"),
                path -> ElfSource.of(HostBinaries.bytes(Path.of(path))));
        FakeExecMemory mem = new FakeExecMemory();
        BinfmtElf.ExecImage img = BinfmtElf.load(mem, bprm, new AuxvBuilder(),
                Aslr.enabled(new Random(3)));

        ElfFile ld = bprm.binary().interpreter().orElseThrow();
        assertEquals(ld.entry() + img.image().interpreterBase(), img.rip());
        assertTrue(mem.isMapped(img.rip()));
        assertEquals(ExecMemory.PROT_READ | ExecMemory.PROT_EXEC, mem.protAt(img.rip()));
        assertEquals(2, mem.readLong(img.rsp()));
        assertTrue(img.rsp() < FakeExecMemory.TASK_SIZE && mem.stackEnd <= FakeExecMemory.TASK_SIZE);
        Map<Long, Long> auxv = new HashMap<>();
        long[] v = img.stack().auxv();
        for (int i = 0; i < v.length; i += 2) auxv.put(v[i], v[i + 1]);
        assertEquals(img.image().programEntry(), auxv.get((long) Auxv.AT_ENTRY));
        assertEquals(img.image().interpreterBase(), auxv.get((long) Auxv.AT_BASE));
        long phdr = auxv.get((long) Auxv.AT_PHDR);
        assertEquals(Elf.PT_PHDR, (int) mem.readLong(phdr), "AT_PHDR's first entry is PT_PHDR");
        assertEquals(mem.brkBase, img.image().brkStart());
    }
}
