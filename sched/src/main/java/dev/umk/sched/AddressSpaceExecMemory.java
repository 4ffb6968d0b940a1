package dev.umk.sched;

import dev.umk.core.abi.Mman;
import dev.umk.mm.AddressSpace;
import dev.umk.sched.exec.ExecMemory;

/** The loader's view of a new process's {@link AddressSpace}. */
final class AddressSpaceExecMemory implements ExecMemory {
    private final AddressSpace mm;

    AddressSpaceExecMemory(AddressSpace mm) {
        this.mm = mm;
    }

    @Override
    public long mmap(long addr, long len, int prot, boolean fixed) {
        int flags = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS | (fixed ? Mman.MAP_FIXED : 0);
        return mm.mmap(addr, len, prot, flags, null, 0);
    }

    @Override
    public boolean mmapFile(long addr, long len, int prot, dev.umk.mm.MappedFile file, long offset) {
        mm.mmap(addr, len, prot, Mman.MAP_PRIVATE | Mman.MAP_FIXED, file, offset);
        return true;
    }

    @Override
    public void munmap(long addr, long len) {
        mm.munmap(addr, len);
    }

    @Override
    public void mprotect(long addr, long len, int prot) {
        mm.mprotect(addr, len, prot);
    }

    @Override
    public void mapStack(long addr, long len, int prot) {
        mm.mmap(addr, len, prot, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS | Mman.MAP_FIXED | Mman.MAP_GROWSDOWN, null, 0);
    }

    @Override
    public void write(long va, byte[] src, int off, int len) {
        mm.write(va, src, off, len);
    }

    @Override
    public void zero(long va, long len) {
        mm.zero(va, len);
    }

    @Override
    public void setBrkBase(long va) {
        mm.setBrkBase(va);
    }

    @Override
    public long taskSize() {
        return mm.taskSize();
    }
}
