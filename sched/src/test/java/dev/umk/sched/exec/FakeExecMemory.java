package dev.umk.sched.exec;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An in-memory address space for exec tests: pages with protections, top-down placement below
 * a fixed mmap base, and writes that fault (EFAULT) on unmapped or read-only pages so tests
 * notice if the loader breaks its "only write what it mapped writable" promise.
 */
final class FakeExecMemory implements ExecMemory {
    static final long TASK_SIZE = 0x7ff000000000L;
    static final long MMAP_BASE = 0x7fe000000000L;

    private static final class Page {
        final byte[] data = new byte[(int) Elf.PAGE_SIZE];
        int prot;

        Page(int prot) {
            this.prot = prot;
        }
    }

    private final TreeMap<Long, Page> pages = new TreeMap<>();
    final List<String> log = new ArrayList<>();
    long brkBase = -1;
    long stackStart = -1;
    long stackEnd = -1;
    int stackProt = -1;

    private static void checkRange(long addr, long len) {
        if (Elf.pageOffset(addr) != 0 || Elf.pageOffset(len) != 0 || len <= 0 || addr < 0
                || addr + len > TASK_SIZE) {
            throw new ErrnoException(Errno.EINVAL, Long.toHexString(addr) + "+" + len);
        }
    }

    @Override
    public long mmap(long addr, long len, int prot, boolean fixed) {
        if (!fixed) addr = findGap(len);
        checkRange(addr, len);
        for (long va = addr; va < addr + len; va += Elf.PAGE_SIZE) pages.put(va, new Page(prot));
        log.add(String.format("mmap %x-%x %d%s", addr, addr + len, prot, fixed ? " fixed" : ""));
        return addr;
    }

    private long findGap(long len) {
        long cand = MMAP_BASE - len;
        while (true) {
            Long hi = pages.lowerKey(cand + len);
            if (hi == null || hi < cand) return cand;
            cand = hi - len;
        }
    }

    @Override
    public void munmap(long addr, long len) {
        checkRange(addr, len);
        pages.subMap(addr, addr + len).clear();
        log.add(String.format("munmap %x-%x", addr, addr + len));
    }

    @Override
    public void mprotect(long addr, long len, int prot) {
        checkRange(addr, len);
        for (long va = addr; va < addr + len; va += Elf.PAGE_SIZE) page(va).prot = prot;
        log.add(String.format("mprotect %x-%x %d", addr, addr + len, prot));
    }

    @Override
    public void mapStack(long addr, long len, int prot) {
        mmap(addr, len, prot, true);
        stackStart = addr;
        stackEnd = addr + len;
        stackProt = prot;
    }

    @Override
    public void write(long va, byte[] src, int off, int len) {
        for (int i = 0; i < len; i++) writableByte(va + i, src[off + i]);
    }

    @Override
    public void zero(long va, long len) {
        for (long i = 0; i < len; i++) writableByte(va + i, (byte) 0);
    }

    private void writableByte(long va, byte b) {
        Page p = page(va);
        if ((p.prot & PROT_WRITE) == 0) throw new ErrnoException(Errno.EFAULT, "read-only");
        p.data[(int) Elf.pageOffset(va)] = b;
    }

    private Page page(long va) {
        Page p = pages.get(Elf.pageStart(va));
        if (p == null) throw new ErrnoException(Errno.EFAULT, Long.toHexString(va));
        return p;
    }

    @Override
    public void setBrkBase(long va) {
        brkBase = va;
    }

    @Override
    public long taskSize() {
        return TASK_SIZE;
    }

    boolean isMapped(long va) {
        return pages.containsKey(Elf.pageStart(va));
    }

    int protAt(long va) {
        return page(va).prot;
    }

    byte[] read(long va, int len) {
        byte[] out = new byte[len];
        for (int i = 0; i < len; i++) out[i] = page(va + i).data[(int) Elf.pageOffset(va + i)];
        return out;
    }

    long readLong(long va) {
        return ByteBuffer.wrap(read(va, 8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /** The NUL-terminated string at va, without its NUL. */
    byte[] readCString(long va) {
        int n = 0;
        while (read(va + n, 1)[0] != 0) n++;
        return read(va, n);
    }

    /** Mapped ranges merged by equal protection: start -> {end, prot}. */
    Map<Long, long[]> regions() {
        TreeMap<Long, long[]> out = new TreeMap<>();
        long[] cur = null;
        for (Map.Entry<Long, Page> e : pages.entrySet()) {
            if (cur != null && cur[1] == e.getKey() && cur[2] == e.getValue().prot) {
                cur[1] += Elf.PAGE_SIZE;
            } else {
                cur = new long[] {e.getKey(), e.getKey() + Elf.PAGE_SIZE, e.getValue().prot};
                out.put(e.getKey(), cur);
            }
        }
        return out;
    }
}
