package dev.umk.sched.exec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds small synthetic ELF64 files for parser and loader tests. Every file byte not covered
 * by the headers holds {@link #pattern(long)}, so a test can tell which file offset landed
 * where in memory.
 */
final class TestElf {
    private int type = Elf.ET_EXEC;
    private int elfClass = Elf.ELFCLASS64;
    private int data = Elf.ELFDATA2LSB;
    private int machine = Elf.EM_X86_64;
    private long entry = 0x401000;
    private long phoff = Elf.EHDR_SIZE;
    private int phentsize = Elf.PHDR_SIZE;
    private int phnumOverride = -1;
    private int fileSize = 0x4000;
    private final List<long[]> phdrs = new ArrayList<>();
    private final List<Object[]> blobs = new ArrayList<>();

    static TestElf exec() {
        return new TestElf();
    }

    static TestElf dyn() {
        TestElf t = new TestElf();
        t.type = Elf.ET_DYN;
        t.entry = 0x1000;
        return t;
    }

    static byte pattern(long fileOffset) {
        return (byte) (fileOffset * 31 + 17);
    }

    TestElf ph(int ptype, int flags, long off, long vaddr, long filesz, long memsz, long align) {
        phdrs.add(new long[] {ptype, flags, off, vaddr, filesz, memsz, align});
        return this;
    }

    TestElf load(long off, long vaddr, long filesz, long memsz, int flags) {
        return ph(Elf.PT_LOAD, flags, off, vaddr, filesz, memsz, Elf.PAGE_SIZE);
    }

    /** PT_INTERP at {@code off} holding {@code path} and its NUL. */
    TestElf interp(String path, long off) {
        byte[] b = (path + "\0").getBytes(StandardCharsets.UTF_8);
        ph(Elf.PT_INTERP, Elf.PF_R, off, off, b.length, b.length, 1);
        return blob(off, b);
    }

    TestElf blob(long off, byte[] bytes) {
        blobs.add(new Object[] {off, bytes});
        return this;
    }

    TestElf type(int v) {
        type = v;
        return this;
    }

    TestElf elfClass(int v) {
        elfClass = v;
        return this;
    }

    TestElf data(int v) {
        data = v;
        return this;
    }

    TestElf machine(int v) {
        machine = v;
        return this;
    }

    TestElf entry(long v) {
        entry = v;
        return this;
    }

    TestElf phoff(long v) {
        phoff = v;
        return this;
    }

    TestElf phentsize(int v) {
        phentsize = v;
        return this;
    }

    TestElf phnum(int v) {
        phnumOverride = v;
        return this;
    }

    TestElf fileSize(int v) {
        fileSize = v;
        return this;
    }

    byte[] build() {
        byte[] f = new byte[fileSize];
        for (int i = 0; i < f.length; i++) f[i] = pattern(i);
        ByteBuffer b = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);
        if (f.length >= Elf.EHDR_SIZE) {
            b.put(0, new byte[Elf.EHDR_SIZE]);
            b.put(0, new byte[] {0x7f, 'E', 'L', 'F', (byte) elfClass, (byte) data, 1});
            b.putShort(16, (short) type);
            b.putShort(18, (short) machine);
            b.putInt(20, 1);
            b.putLong(24, entry);
            b.putLong(32, phoff);
            b.putShort(52, (short) Elf.EHDR_SIZE);
            b.putShort(54, (short) phentsize);
            b.putShort(56, (short) (phnumOverride >= 0 ? phnumOverride : phdrs.size()));
        }
        for (int i = 0; i < phdrs.size(); i++) {
            long at = phoff + (long) i * Elf.PHDR_SIZE;
            if (at < 0 || at > f.length - Elf.PHDR_SIZE) continue;
            long[] p = phdrs.get(i);
            int a = (int) at;
            b.putInt(a, (int) p[0]);
            b.putInt(a + 4, (int) p[1]);
            b.putLong(a + 8, p[2]);
            b.putLong(a + 16, p[3]);
            b.putLong(a + 24, p[3]);
            b.putLong(a + 32, p[4]);
            b.putLong(a + 40, p[5]);
            b.putLong(a + 48, p[6]);
        }
        for (Object[] blob : blobs) {
            long off = (Long) blob[0];
            byte[] bytes = (byte[]) blob[1];
            int n = (int) Math.max(0, Math.min(bytes.length, f.length - off));
            if (n > 0) System.arraycopy(bytes, 0, f, (int) off, n);
        }
        return f;
    }
}
