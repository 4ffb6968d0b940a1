package dev.umk.sched;

import dev.umk.mm.AddressSpace;

/**
 * A process: the threads that share one pid, address space, signal dispositions, limits and
 * credentials. Only single-threaded groups exist until clone(CLONE_THREAD) lands.
 *
 * <p>Lock ordering: {@code this} is taken before any Task's lock.
 */
public final class ThreadGroup {
    private final int pid;
    private volatile int ppid;
    private volatile AddressSpace mm;
    private final Rlimits rlimits;
    private final SigAction[] actions = new SigAction[Signals.NSIG + 1];
    /** Credentials: real, effective, saved uid/gid. */
    private int uid, euid, suid, gid, egid, sgid;
    /** Wait status once the group has exited (see {@link ExitStatus}), or -1. */
    private volatile int exitStatus = -1;
    private volatile byte[] comm = new byte[0];
    private volatile byte[][] argv = new byte[0][];
    private volatile byte[][] envp = new byte[0][];
    private volatile String exePath = "";

    public ThreadGroup(int pid, int ppid, Rlimits rlimits, int uid, int gid) {
        this.pid = pid;
        this.ppid = ppid;
        this.rlimits = rlimits;
        this.uid = this.euid = this.suid = uid;
        this.gid = this.egid = this.sgid = gid;
        java.util.Arrays.fill(actions, SigAction.DEFAULT);
    }

    public int pid() { return pid; }
    public int ppid() { return ppid; }
    public AddressSpace mm() { return mm; }
    public void setMm(AddressSpace mm) { this.mm = mm; }
    public Rlimits rlimits() { return rlimits; }

    public synchronized int uid() { return uid; }
    public synchronized int euid() { return euid; }
    public synchronized int gid() { return gid; }
    public synchronized int egid() { return egid; }

    public synchronized SigAction action(int sig) { return actions[sig]; }
    public synchronized void setAction(int sig, SigAction a) { actions[sig] = a; }

    public int exitStatus() { return exitStatus; }

    /** Records the group's end; the first call wins (exit_group racing a fatal signal). */
    public synchronized boolean setExitStatus(int status) {
        if (exitStatus != -1) return false;
        exitStatus = status;
        return true;
    }

    public byte[] comm() { return comm; }
    public byte[][] argv() { return argv; }
    public byte[][] envp() { return envp; }
    public String exePath() { return exePath; }

    /** What execve records about the new program (for /proc and prctl). */
    public void setProgram(String exePath, byte[][] argv, byte[][] envp) {
        this.exePath = exePath;
        this.argv = argv;
        this.envp = envp;
        String base = exePath.substring(exePath.lastIndexOf('/') + 1);
        byte[] b = base.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        this.comm = java.util.Arrays.copyOf(b, Math.min(b.length, 15));
    }

    public void setComm(byte[] comm) {
        this.comm = java.util.Arrays.copyOf(comm, Math.min(comm.length, 15));
    }
}
