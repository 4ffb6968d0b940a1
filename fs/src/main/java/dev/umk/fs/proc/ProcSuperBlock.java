package dev.umk.fs.proc;

import dev.umk.fs.FsClock;

/** One mounted procfs: its tree is built at mount time; process directories appear on demand. */
public final class ProcSuperBlock extends PseudoSuperBlock {
    /** PROC_SUPER_MAGIC. */
    public static final long MAGIC = 0x9fa0;

    public ProcSuperBlock(ProcEnv env, FsClock clock, String source) {
        super("proc", MAGIC, clock, source);
        install(new ProcRoot(this, env));
    }
}
