package dev.umk.syscalls;

import dev.umk.core.abi.Sysno;
import java.util.ArrayList;
import java.util.List;

/**
 * The syscall table, built in one place: each family class registers its handlers here.
 * {@link #describe()} is the support table `umk syscalls` prints.
 */
public final class SyscallTable {
    /** A handler's return value meaning "the handler set the registers itself". */
    public static final long NO_RESULT = Long.MIN_VALUE;

    private final SyscallHandler[] handlers = new SyscallHandler[Sysno.MAX];
    private final String[] family = new String[Sysno.MAX];

    public SyscallTable() {
        MemorySyscalls.register(this);
        ProcessSyscalls.register(this);
        InfoSyscalls.register(this);
        TimeSyscalls.register(this);
        SignalSyscalls.register(this);
        LifecycleSyscalls.register(this);
        FutexSyscalls.register(this);
        SchedSyscalls.register(this);
        CredSyscalls.register(this);
        PrctlSyscalls.register(this);
        OpenSyscalls.register(this);
        ReadWriteSyscalls.register(this);
        FdSyscalls.register(this);
        StatSyscalls.register(this);
        DirSyscalls.register(this);
        AttrSyscalls.register(this);
        CwdSyscalls.register(this);
        XattrSyscalls.register(this);
        MountSyscalls.register(this);
        PipeSyscalls.register(this);
        MemfdSyscalls.register(this);
        PollSyscalls.register(this);
        EpollSyscalls.register(this);
        EventfdSyscalls.register(this);
        TimerfdSyscalls.register(this);
        SignalfdSyscalls.register(this);
        PidfdSyscalls.register(this);
        PtraceSyscalls.register(this);
        KcmpSyscalls.register(this);
        MlockSyscalls.register(this);
    }

    void add(int nr, String familyName, SyscallHandler h) {
        if (handlers[nr] != null) throw new IllegalStateException("twice: " + Sysno.name(nr));
        handlers[nr] = h;
        family[nr] = familyName;
    }

    SyscallHandler[] handlers() {
        return handlers.clone();
    }

    /** One line per syscall number: number, name, and the family implementing it or "ENOSYS". */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        for (int nr = 0; nr < Sysno.MAX; nr++) {
            String name = Sysno.name(nr);
            if (name.startsWith("syscall_")) continue;
            out.add(String.format("%3d  %-24s %s", nr, name, family[nr] == null ? "ENOSYS" : family[nr]));
        }
        return out;
    }

    public int implementedCount() {
        int n = 0;
        for (SyscallHandler h : handlers) if (h != null) n++;
        return n;
    }
}
