package dev.umk.sched.exec;

import dev.umk.core.abi.Auxv;
import java.util.Arrays;

/**
 * The per-process inputs of the ELF auxiliary vector that are not about the image: hardware
 * capabilities, credentials, AT_SECURE and friends. The caller fills what it knows (HWCAP from
 * the host's own auxv, credentials from the task) and {@link InitialStack} completes it with
 * the image and stack addresses, in create_elf_tables' order. Unset values are 0, except
 * AT_MINSIGSTKSZ (MINSIGSTKSZ, 2048) and AT_CLKTCK (USER_HZ, 100).
 */
public final class AuxvBuilder {
    /** USER_HZ on x86-64: what times(2) and /proc count in. */
    public static final long CLOCKS_PER_SEC = 100;

    private long hwcap;
    private long hwcap2;
    private long minSigStkSz = 2048;
    private long sysinfoEhdr;
    private long uid;
    private long euid;
    private long gid;
    private long egid;
    private boolean secure;
    private long flags;
    private long rseqFeatureSize;
    private long rseqAlign;

    /** AT_HWCAP (CPUID 1 EDX on x86) and AT_HWCAP2. */
    public AuxvBuilder hwcap(long hwcap, long hwcap2) {
        this.hwcap = hwcap;
        this.hwcap2 = hwcap2;
        return this;
    }

    /** AT_MINSIGSTKSZ: the size umk's signal frame needs (depends on the xsave area). */
    public AuxvBuilder minSigStkSz(long bytes) {
        this.minSigStkSz = bytes;
        return this;
    }

    /** AT_SYSINFO_EHDR: the vDSO's address; 0 (the default) leaves the entry out. */
    public AuxvBuilder sysinfoEhdr(long addr) {
        this.sysinfoEhdr = addr;
        return this;
    }

    /** AT_UID, AT_EUID, AT_GID, AT_EGID after exec's credential change. */
    public AuxvBuilder credentials(long uid, long euid, long gid, long egid) {
        this.uid = uid;
        this.euid = euid;
        this.gid = gid;
        this.egid = egid;
        return this;
    }

    /** AT_SECURE: set for setuid/setgid exec (bprm->secureexec). */
    public AuxvBuilder secure(boolean secure) {
        this.secure = secure;
        return this;
    }

    /** AT_FLAGS (only {@link Auxv#AT_FLAGS_PRESERVE_ARGV0} is defined). */
    public AuxvBuilder flags(long flags) {
        this.flags = flags;
        return this;
    }

    /**
     * AT_RSEQ_FEATURE_SIZE and AT_RSEQ_ALIGN, which Linux 6.3+ emits with CONFIG_RSEQ. Leave
     * unset (no entries) unless umk implements rseq(2).
     */
    public AuxvBuilder rseq(long featureSize, long align) {
        this.rseqFeatureSize = featureSize;
        this.rseqAlign = align;
        return this;
    }

    /**
     * The vector as (type, value) pairs ending with AT_NULL, in create_elf_tables' order (with
     * x86's ARCH_DLINFO entries first).
     */
    long[] build(LoadedImage image, long randomAddr, long execfnAddr, long platformAddr) {
        long[] v = new long[2 * 24];
        int n = 0;
        if (sysinfoEhdr != 0) n = put(v, n, Auxv.AT_SYSINFO_EHDR, sysinfoEhdr);
        n = put(v, n, Auxv.AT_MINSIGSTKSZ, minSigStkSz);
        n = put(v, n, Auxv.AT_HWCAP, hwcap);
        n = put(v, n, Auxv.AT_PAGESZ, Elf.PAGE_SIZE);
        n = put(v, n, Auxv.AT_CLKTCK, CLOCKS_PER_SEC);
        n = put(v, n, Auxv.AT_PHDR, image.phdrAddr());
        n = put(v, n, Auxv.AT_PHENT, image.phent());
        n = put(v, n, Auxv.AT_PHNUM, image.phnum());
        n = put(v, n, Auxv.AT_BASE, image.interpreterBase());
        n = put(v, n, Auxv.AT_FLAGS, flags);
        n = put(v, n, Auxv.AT_ENTRY, image.programEntry());
        n = put(v, n, Auxv.AT_UID, uid);
        n = put(v, n, Auxv.AT_EUID, euid);
        n = put(v, n, Auxv.AT_GID, gid);
        n = put(v, n, Auxv.AT_EGID, egid);
        n = put(v, n, Auxv.AT_SECURE, secure ? 1 : 0);
        n = put(v, n, Auxv.AT_RANDOM, randomAddr);
        n = put(v, n, Auxv.AT_HWCAP2, hwcap2);
        n = put(v, n, Auxv.AT_EXECFN, execfnAddr);
        n = put(v, n, Auxv.AT_PLATFORM, platformAddr);
        if (rseqFeatureSize != 0) {
            n = put(v, n, Auxv.AT_RSEQ_FEATURE_SIZE, rseqFeatureSize);
            n = put(v, n, Auxv.AT_RSEQ_ALIGN, rseqAlign);
        }
        n = put(v, n, Auxv.AT_NULL, 0);
        return Arrays.copyOf(v, n);
    }

    private static int put(long[] v, int n, int type, long value) {
        v[n] = type;
        v[n + 1] = value;
        return n + 2;
    }
}
