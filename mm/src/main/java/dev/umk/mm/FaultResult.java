package dev.umk.mm;

import dev.umk.core.abi.Mman;

/** What the fault handler decided: resume the guest, or deliver a signal. */
public enum FaultResult {
    /** The page is fixed; flush the Mmu and resume the guest. */
    HANDLED(0, 0),
    /** No mapping there: SIGSEGV with SEGV_MAPERR. */
    SEGV_MAPERR(11, Mman.SEGV_MAPERR),
    /** The mapping forbids the access: SIGSEGV with SEGV_ACCERR. */
    SEGV_ACCERR(11, Mman.SEGV_ACCERR),
    /** The file behind the mapping has no such page (beyond EOF, I/O error): SIGBUS. */
    SIGBUS(7, Mman.BUS_ADRERR),
    /** No frame left for the page: Linux's OOM path; the caller kills the process. */
    OOM(9, 0);

    private final int signo;
    private final int code;

    FaultResult(int signo, int code) {
        this.signo = signo;
        this.code = code;
    }

    /** Signal to deliver (SIGSEGV 11, SIGBUS 7, SIGKILL 9), 0 for HANDLED. */
    public int signo() {
        return signo;
    }

    /** si_code for the signal. */
    public int code() {
        return code;
    }
}
