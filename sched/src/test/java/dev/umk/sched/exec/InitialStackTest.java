package dev.umk.sched.exec;

import static dev.umk.core.abi.Auxv.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InitialStackTest {
    private static final long TOP = 0x7fee00000000L;
    private static final LoadedImage IMAGE = new LoadedImage(0x7f0000001000L, 0x555555555040L,
            0x7f0000000000L, 0x555555554040L, Elf.PHDR_SIZE, 13, 0x555555554000L,
            0x555555559000L, false, 0x555555555000L, 0x555555556000L, 0x555555557000L,
            0x555555558000L);

    private final FakeExecMemory mem = new FakeExecMemory();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<byte[]> list(String... s) {
        return Arrays.stream(s).map(InitialStackTest::b).toList();
    }

    private static AuxvBuilder auxv() {
        return new AuxvBuilder().hwcap(0x178bfbffL, 2).minSigStkSz(3632)
                .credentials(1000, 1001, 100, 101);
    }

    private StackImage build(ExecArgs args, AuxvBuilder aux, Aslr aslr) {
        return InitialStack.build(mem, TOP, args, IMAGE, aux, aslr);
    }

    private static ExecArgs args() {
        return ExecArgs.create(b("/usr/bin/prog"), list("prog", "-v", "hello world"),
                list("HOME=/root", "PATH=/bin:/usr/bin"), 8L << 20);
    }

    @Test
    void layoutMatchesCreateElfTables() {
        long seed = 42;
        StackImage st = build(args(), auxv(), Aslr.disabled(new Random(seed)));
        long sp = st.rsp();
        assertEquals(0, sp % 16, "rsp 16-byte aligned");

        assertEquals(3, mem.readLong(sp));
        long[] argv = new long[3];
        for (int i = 0; i < 3; i++) argv[i] = mem.readLong(sp + 8 + 8L * i);
        assertEquals(0, mem.readLong(sp + 8 * 4));
        long[] envp = {mem.readLong(sp + 8 * 5), mem.readLong(sp + 8 * 6)};
        assertEquals(0, mem.readLong(sp + 8 * 7));
        assertArrayEquals(b("prog"), mem.readCString(argv[0]));
        assertArrayEquals(b("-v"), mem.readCString(argv[1]));
        assertArrayEquals(b("hello world"), mem.readCString(argv[2]));
        assertArrayEquals(b("HOME=/root"), mem.readCString(envp[0]));
        assertArrayEquals(b("PATH=/bin:/usr/bin"), mem.readCString(envp[1]));

        // Strings at the top: argv, envp, execfn back to back, then 8 zero bytes.
        assertEquals(argv[0] + 5, argv[1]);
        assertEquals(argv[1] + 3, argv[2]);
        assertEquals(argv[2] + 12, envp[0]);
        assertEquals(envp[0] + 11, envp[1]);
        long execfn = envp[1] + 19;
        assertArrayEquals(b("/usr/bin/prog"), mem.readCString(execfn));
        assertEquals(TOP - 8, execfn + 14);
        assertArrayEquals(new byte[8], mem.read(TOP - 8, 8));
        assertEquals(argv[0], st.argStart());
        assertEquals(envp[0], st.argEnd());
        assertEquals(envp[0], st.envStart());
        assertEquals(execfn, st.envEnd());

        // Below the strings (no ASLR shuffle): platform string, then AT_RANDOM.
        long platform = (argv[0] & ~15L) - 7;
        long random = platform - 16;
        assertArrayEquals(b("x86_64"), mem.readCString(platform));
        byte[] expectedRandom = new byte[16];
        new Random(seed).nextBytes(expectedRandom);
        assertArrayEquals(expectedRandom, mem.read(random, 16));

        long[][] expected = {
            {AT_MINSIGSTKSZ, 3632}, {AT_HWCAP, 0x178bfbffL}, {AT_PAGESZ, 4096},
            {AT_CLKTCK, 100}, {AT_PHDR, IMAGE.phdrAddr()}, {AT_PHENT, 56}, {AT_PHNUM, 13},
            {AT_BASE, IMAGE.interpreterBase()}, {AT_FLAGS, 0}, {AT_ENTRY, IMAGE.programEntry()},
            {AT_UID, 1000}, {AT_EUID, 1001}, {AT_GID, 100}, {AT_EGID, 101}, {AT_SECURE, 0},
            {AT_RANDOM, random}, {AT_HWCAP2, 2}, {AT_EXECFN, execfn},
            {AT_PLATFORM, platform}, {AT_NULL, 0},
        };
        long at = sp + 8 * 8;
        for (long[] pair : expected) {
            assertEquals(name((int) pair[0]), name((int) mem.readLong(at)));
            assertEquals(pair[1], mem.readLong(at + 8), name((int) pair[0]));
            at += 16;
        }
        long[] flat = Arrays.stream(expected).flatMapToLong(Arrays::stream).toArray();
        assertArrayEquals(flat, st.auxv());
        assertArrayEquals(new byte[(int) (random - at)], mem.read(at, (int) (random - at)),
                "only alignment padding between auxv and AT_RANDOM");
        assertTrue(random - at < 16);
        assertEquals(execfn, st.execfn());
        assertEquals(random, st.random());
        assertEquals(platform, st.platform());
    }

    /**
     * Offsets recorded from Linux 6.x running a static musl program under setarch -R with
     * {@code env -i A=1 B=22 ./dump one two}: stack top 0x7ffffffff000, auxv of 22 entries
     * (vDSO and rseq included), rsp at top-0x200, [stack] of 0x21000 bytes.
     */
    @Test
    void matchesLayoutRecordedFromLinux() {
        ExecArgs a = ExecArgs.create(b("./dump"), list("./dump", "one", "two"), list("A=1", "B=22"),
                8L << 20);
        StackImage st = build(a, auxv().sysinfoEhdr(0x7ffff7ffd000L).rseq(0x1c, 0x20),
                Aslr.disabled(new Random(1)));
        assertEquals(23 * 2, st.auxv().length);
        assertEquals(TOP - 0x1000 + 0xff1, st.execfn());
        assertEquals(TOP - 0x1000 + 0xfd9, st.argStart());
        assertEquals(TOP - 0x1000 + 0xfe8, st.envStart());
        assertEquals(TOP - 0x1000 + 0xfc9, st.platform());
        assertEquals(TOP - 0x1000 + 0xfb9, st.random());
        assertEquals(TOP - 0x1000 + 0xe00, st.rsp());
        assertEquals(TOP - 0x21000, st.stackStart());
    }

    @Test
    void stackMappingCoversStringsPlus128KiBAndGrowsDown() {
        StackImage st = build(args(), auxv(), Aslr.disabled(new Random(1)));
        assertEquals(TOP, mem.stackEnd);
        assertEquals(TOP, st.stackTop());
        assertEquals(mem.stackStart, st.stackStart());
        assertEquals(Elf.pageStart(st.argStart()) - InitialStack.STACK_EXPAND, st.stackStart());
        assertEquals(ExecMemory.PROT_READ | ExecMemory.PROT_WRITE, mem.stackProt);
    }

    @Test
    void executableStackIsMappedExecutable() {
        LoadedImage execStack = new LoadedImage(IMAGE.entry(), IMAGE.programEntry(), 0,
                IMAGE.phdrAddr(), 56, 13, 0, 0, true, 0, 0, 0, 0);
        InitialStack.build(mem, TOP, args(), execStack, auxv(), Aslr.disabled(new Random(1)));
        assertEquals(ExecMemory.PROT_READ | ExecMemory.PROT_WRITE | ExecMemory.PROT_EXEC,
                mem.stackProt);
    }

    @Test
    void emptyArgvStartsWithAnEmptyString() {
        ExecArgs a = ExecArgs.create(b("/bin/x"), List.of(), List.of(), 8L << 20);
        StackImage st = build(a, auxv(), Aslr.disabled(new Random(1)));
        assertEquals(1, mem.readLong(st.rsp()));
        long argv0 = mem.readLong(st.rsp() + 8);
        assertArrayEquals(new byte[0], mem.readCString(argv0));
        assertEquals(0, mem.readLong(st.rsp() + 16));
        assertEquals(0, mem.readLong(st.rsp() + 24), "empty envp");
        assertEquals(AT_MINSIGSTKSZ, mem.readLong(st.rsp() + 32));
    }

    @Test
    void randomizedStackShufflesButStaysAligned() {
        StackImage a = build(args(), auxv(), Aslr.enabled(new Random(7)));
        FakeExecMemory other = new FakeExecMemory();
        StackImage b = InitialStack.build(other, TOP, args(), IMAGE, auxv(),
                Aslr.enabled(new Random(1234567)));
        assertEquals(0, a.rsp() % 16);
        assertEquals(0, b.rsp() % 16);
        assertNotEquals(a.rsp(), b.rsp());
        assertEquals(a.argStart(), b.argStart(), "strings sit at the top either way");
        long gap = (a.argStart() & ~15L) - (a.platform() + 7);
        assertTrue(gap >= 0 && gap < 8192 + 16, "arch_align_stack shuffle: " + gap);
    }

    @Test
    void auxvIncludesSysinfoEhdrAndRseqOnlyWhenSet() {
        AuxvBuilder aux = auxv().sysinfoEhdr(0x7fff12340000L).rseq(32, 32);
        StackImage st = build(args(), aux, Aslr.disabled(new Random(1)));
        long[] v = st.auxv();
        assertEquals(AT_SYSINFO_EHDR, v[0]);
        assertEquals(0x7fff12340000L, v[1]);
        assertEquals(AT_MINSIGSTKSZ, v[2]);
        int n = v.length;
        assertEquals(List.of((long) AT_RSEQ_FEATURE_SIZE, 32L, (long) AT_RSEQ_ALIGN, 32L,
                (long) AT_NULL, 0L), Arrays.stream(v, n - 6, n).boxed().toList());
        long at = st.rsp() + 8 * 8;
        for (long x : v) {
            assertEquals(x, mem.readLong(at));
            at += 8;
        }
    }

    @Test
    void largeEnvironmentExtendsTheStackBelowIt() {
        List<byte[]> env = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            byte[] e = new byte[8000];
            Arrays.fill(e, (byte) 'v');
            e[0] = 'V';
            e[1] = '=';
            env.add(e);
        }
        ExecArgs a = ExecArgs.create(b("/p"), list("p"), env, 8L << 20);
        StackImage st = build(a, auxv(), Aslr.disabled(new Random(1)));
        assertTrue(TOP - st.argStart() > 320_000);
        assertEquals(Elf.pageStart(st.argStart()) - InitialStack.STACK_EXPAND, st.stackStart());
        for (int i = 0; i < 40; i++) {
            long p = mem.readLong(st.rsp() + 8 * (3 + i));
            assertArrayEquals(env.get(i), mem.readCString(p));
        }
    }

    @Test
    void smallStackRlimitBoundsTheMapping() {
        ExecArgs a = ExecArgs.create(b("/p"), list("p"), List.of(), 64 * 1024);
        StackImage st = build(a, auxv(), Aslr.disabled(new Random(1)));
        assertEquals(TOP - 64 * 1024, st.stackStart());
    }

    @Test
    void misalignedOrOutOfRangeStackTopIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> InitialStack.build(mem, TOP - 8,
                args(), IMAGE, auxv(), Aslr.disabled(new Random(1))));
        assertThrows(IllegalArgumentException.class, () -> InitialStack.build(mem,
                FakeExecMemory.TASK_SIZE + Elf.PAGE_SIZE, args(), IMAGE, auxv(),
                Aslr.disabled(new Random(1))));
    }

    @Test
    void aslrStackTopStaysBelowTaskSizeWithinSixteenGiB() {
        long max = FakeExecMemory.TASK_SIZE;
        assertEquals(max, Aslr.disabled(new Random(1)).stackTop(max));
        for (int seed = 0; seed < 20; seed++) {
            long top = Aslr.enabled(new Random(seed)).stackTop(max);
            assertEquals(0, Elf.pageOffset(top));
            assertTrue(top <= max && top > max - (16L << 30) - 2 * Elf.PAGE_SIZE, Long.toHexString(top));
        }
    }
}
