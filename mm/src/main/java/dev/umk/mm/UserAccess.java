package dev.umk.mm;

import dev.umk.core.abi.Errno;
import dev.umk.core.hw.PhysicalMemory;
import dev.umk.core.kernel.ErrnoException;

import java.util.Arrays;
import java.util.Objects;

/**
 * The kernel's access to guest memory (Linux copy_from_user / copy_to_user): every guest
 * pointer a syscall touches goes through here, so a bad one is EFAULT, never a JVM crash.
 * Access follows the VMA's permissions (a kernel write to a read-only area is EFAULT; a write
 * to a COW page copies it first). Pages not yet present are made present in the page table,
 * not mapped in the Mmu. A multi-page copy costs one page-table lookup and one bulk physical
 * copy per page (fewer when frames are contiguous).
 *
 * <p>Preconditions for every method: the owning AddressSpace's lock is held.
 */
final class UserAccess {
    /** Linux UIO_MAXIOV. */
    static final int UIO_MAXIOV = 1024;
    private static final int PAGE = (int) MmLayout.PAGE_SIZE;
    private static final int OFFSET_MASK = PAGE - 1;

    private final AddressSpace as;
    private final PhysicalMemory mem;

    UserAccess(AddressSpace as) {
        this.as = as;
        this.mem = as.mem;
    }

    /**
     * The physical address of the byte at {@code va}, after making its page present (and
     * private, for a write).
     *
     * @throws ErrnoException EFAULT when no area allows the access; ENOMEM when out of frames
     */
    long translate(long va, boolean write) {
        return translate(va, write, false);
    }

    /**
     * {@link #translate(long, boolean)}, or with {@code force} as Linux's FOLL_FORCE (ptrace's
     * PEEK/POKE): protections are overridden, except that a shared mapping is never written
     * where it is not writable; a private page is copied first as a write fault would.
     */
    long translate(long va, boolean write, boolean force) {
        Vma v = as.vmas.find(va);
        if (v == null) {
            if (va < MmLayout.MMAP_MIN_ADDR || va >= MmLayout.TASK_SIZE
                    || (v = as.faults.growStack(va)) == null) {
                throw new ErrnoException(Errno.EFAULT);
            }
        }
        boolean denied = force ? write && !v.writable() && v.isShared() : !v.accessible() || (write && !v.writable());
        if (denied) throw new ErrnoException(Errno.EFAULT);
        long vpn = va >>> MmLayout.PAGE_SHIFT;
        long pte = as.pt.get(vpn);
        if (pte == 0) {
            try {
                as.faults.populate(v, vpn, as.faults.nextWindowOrder(vpn));
            } catch (ErrnoException e) {
                if (e.errno() == Errno.ENOMEM) throw e;
                throw new ErrnoException(Errno.EFAULT);
            }
            pte = as.pt.get(vpn);
        }
        if (write && Pte.cow(pte)) pte = as.faults.breakCow(v, vpn, pte);
        return Pte.pa(pte) | (va & OFFSET_MASK);
    }

    void read(long va, byte[] dst, int off, int len) {
        Objects.checkFromIndexSize(off, len, dst.length);
        checkRange(va, len);
        copy(va, dst, off, len, false);
    }

    void write(long va, byte[] src, int off, int len) {
        Objects.checkFromIndexSize(off, len, src.length);
        checkRange(va, len);
        copy(va, src, off, len, true);
    }

    long readLong(long va) {
        if ((va & OFFSET_MASK) <= PAGE - 8) return mem.getLong(translate(va, false));
        byte[] b = new byte[8];
        read(va, b, 0, 8);
        return le(b, 0, 8);
    }

    int readInt(long va) {
        if ((va & OFFSET_MASK) <= PAGE - 4) return mem.getInt(translate(va, false));
        byte[] b = new byte[4];
        read(va, b, 0, 4);
        return (int) le(b, 0, 4);
    }

    void writeLong(long va, long x) {
        if ((va & OFFSET_MASK) <= PAGE - 8) {
            mem.putLong(translate(va, true), x);
            return;
        }
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) b[i] = (byte) (x >>> (8 * i));
        write(va, b, 0, 8);
    }

    void writeInt(long va, int x) {
        if ((va & OFFSET_MASK) <= PAGE - 4) {
            mem.putInt(translate(va, true), x);
            return;
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) b[i] = (byte) (x >>> (8 * i));
        write(va, b, 0, 4);
    }

    byte[] readCString(long va, int maxLen) {
        byte[] buf = new byte[Math.min(Math.max(maxLen, 0), 256)];
        int n = 0;
        while (n < maxLen) {
            long cur = va + n;
            if (cur < 0 || cur >= MmLayout.TASK_SIZE) throw new ErrnoException(Errno.EFAULT);
            int chunk = Math.min(Math.min(maxLen - n, 256), PAGE - (int) (cur & OFFSET_MASK));
            if (n + chunk > buf.length) buf = Arrays.copyOf(buf, Math.min(maxLen, Math.max(buf.length * 2, n + chunk)));
            mem.read(translate(cur, false), buf, n, chunk);
            for (int i = n; i < n + chunk; i++) {
                if (buf[i] == 0) return Arrays.copyOf(buf, i);
            }
            n += chunk;
        }
        throw new ErrnoException(Errno.ENAMETOOLONG);
    }

    long[] readIovec(long va, int count) {
        if (count < 0 || count > UIO_MAXIOV) throw new ErrnoException(Errno.EINVAL);
        byte[] raw = new byte[count * 16];
        read(va, raw, 0, raw.length);
        long[] iov = new long[count * 2];
        for (int i = 0; i < iov.length; i++) iov[i] = le(raw, i * 8, 8);
        for (int i = 1; i < iov.length; i += 2) {
            if (iov[i] < 0) throw new ErrnoException(Errno.EINVAL);
        }
        return iov;
    }

    boolean dumpPage(long va, byte[] page) {
        if (!MmLayout.pageAligned(va) || page.length != PAGE) throw new IllegalArgumentException("page 0x" + Long.toHexString(va));
        Vma v = as.vmas.find(va);
        if (v == null || !v.accessible()) return false;
        long pte = as.pt.get(va >>> MmLayout.PAGE_SHIFT);
        if (pte == 0 && v.file == null) return false;
        try {
            mem.read(translate(va, false), page, 0, PAGE);
            return true;
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENOMEM) throw e;
            return false; // beyond the end of the file: Linux's dump skips it too
        }
    }

    void zero(long va, long len) {
        if (len < 0) throw new IllegalArgumentException("len " + len);
        checkRange(va, len);
        long end = va + len;
        while (va < end) {
            int chunk = (int) Math.min(end - va, PAGE - (va & OFFSET_MASK));
            Vma v = as.vmas.find(va);
            if (v != null && v.file == null && v.writable() && as.pt.get(va >>> MmLayout.PAGE_SHIFT) == 0) {
                va += chunk; // untouched private anonymous memory already reads as zeros
                continue;
            }
            mem.zero(translate(va, true), chunk);
            va += chunk;
        }
    }

    /** Copies between guest memory and an array, page by page, merging contiguous frames. */
    /** access_remote_vm with FOLL_FORCE: a tracer's access to its tracee's memory. */
    void accessForced(long va, byte[] buf, int off, int len, boolean write) {
        Objects.checkFromIndexSize(off, len, buf.length);
        checkRange(va, len);
        copy(va, buf, off, len, write, true);
    }

    private void copy(long va, byte[] buf, int off, int len, boolean toGuest) {
        copy(va, buf, off, len, toGuest, false);
    }

    private void copy(long va, byte[] buf, int off, int len, boolean toGuest, boolean force) {
        long runPa = 0;
        int runLen = 0;
        int runOff = off;
        while (len > 0) {
            int chunk = Math.min(len, PAGE - (int) (va & OFFSET_MASK));
            long pa = translate(va, toGuest, force);
            if (runLen > 0 && pa != runPa + runLen) {
                transfer(runPa, buf, runOff, runLen, toGuest);
                runLen = 0;
            }
            if (runLen == 0) {
                runPa = pa;
                runOff = off;
            }
            runLen += chunk;
            va += chunk;
            off += chunk;
            len -= chunk;
        }
        if (runLen > 0) transfer(runPa, buf, runOff, runLen, toGuest);
    }

    private void transfer(long pa, byte[] buf, int off, int len, boolean toGuest) {
        if (toGuest) {
            mem.write(pa, buf, off, len);
        } else {
            mem.read(pa, buf, off, len);
        }
    }

    private static void checkRange(long va, long len) {
        if (va < 0 || va > MmLayout.TASK_SIZE || len > MmLayout.TASK_SIZE - va) {
            throw new ErrnoException(Errno.EFAULT);
        }
    }

    private static long le(byte[] b, int off, int n) {
        long x = 0;
        for (int i = n - 1; i >= 0; i--) x = (x << 8) | (b[off + i] & 0xff);
        return x;
    }
}
