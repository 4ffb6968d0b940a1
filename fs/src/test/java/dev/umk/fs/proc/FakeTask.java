package dev.umk.fs.proc;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.FdTable;
import dev.umk.fs.FsContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A task whose every field a test sets directly. */
final class FakeTask implements TaskInfo {
    final int tid;
    final int tgid;
    volatile boolean alive = true;
    byte[] comm = "init".getBytes();
    char state = 'S';
    int ppid, pgid, sid;
    Credentials cred = Credentials.root();
    int[] threads;
    byte[] cmdline = "/bin/init\0-v\0".getBytes();
    byte[] environ = "HOME=/\0PATH=/bin\0".getBytes();
    long[] auxv = {6, 4096, 0, 0};
    String exePath = "/bin/init";
    FsContext fs;
    FdTable files = new FdTable();
    boolean hasMm = true;
    List<VmaInfo> vmas = new ArrayList<>();
    long resident;
    long peakResident;
    int oomScoreAdj;
    int oomScoreAdjMin;
    MmFields mmFields = MmFields.NONE;
    long[] rlimCur = new long[16];
    long[] rlimMax = new long[16];
    long startTimeNanos = 1_500_000_000L;
    CpuTimes times = CpuTimes.ZERO;
    SignalState signals = SignalState.NONE;

    FakeTask(int tid, int tgid, FsContext fs) {
        this.tid = tid;
        this.tgid = tgid;
        this.fs = fs;
        this.threads = new int[] {tid};
        this.pgid = tgid;
        this.sid = tgid;
        Arrays.fill(rlimCur, -1);
        Arrays.fill(rlimMax, -1);
        rlimCur[3] = 8 << 20;
        rlimCur[4] = 0;
        rlimCur[7] = 1024;
        rlimMax[7] = 1 << 20;
        rlimCur[11] = 63000;
        rlimMax[11] = 63000;
    }

    private void live() {
        if (!alive) throw new ErrnoException(Errno.ESRCH);
    }

    @Override public int tid() { return tid; }
    @Override public int tgid() { return tgid; }
    @Override public boolean alive() { return alive; }
    @Override public byte[] comm() { return comm; }
    @Override public void setComm(byte[] name) { comm = name; }
    @Override public char state() { return state; }
    @Override public int ppid() { return ppid; }
    @Override public int pgid() { return pgid; }
    @Override public int sid() { return sid; }
    @Override public Credentials cred() { return cred; }
    @Override public int[] threads() { return threads; }
    @Override public byte[] cmdline() { return cmdline; }
    @Override public byte[] environ() { return environ; }
    @Override public long[] auxv() { return auxv; }
    @Override public String exePath() { return exePath; }
    @Override public long peakResidentPages() { return peakResident; }
    @Override public int oomScoreAdj() { return oomScoreAdj; }

    /** The same floor rule as sched's ThreadGroup. */
    @Override
    public void setOomScoreAdj(int adj, boolean privileged, boolean legacy) {
        if (adj < (legacy ? oomScoreAdj : oomScoreAdjMin) && !privileged) throw new ErrnoException(Errno.EACCES);
        oomScoreAdj = adj;
        if (!legacy && privileged) oomScoreAdjMin = adj;
    }

    @Override
    public FsContext fs() {
        live();
        return fs;
    }

    @Override
    public FdTable files() {
        live();
        return files;
    }

    @Override public boolean hasMm() { return hasMm; }

    @Override
    public List<VmaInfo> vmas(boolean withRss) {
        if (withRss) return vmas;
        List<VmaInfo> out = new ArrayList<>();
        for (VmaInfo v : vmas) {
            out.add(new VmaInfo(v.start(), v.end(), v.prot(), v.flags(), v.offset(), v.dev(), v.ino(), v.file(),
                    v.name(), 0));
        }
        return out;
    }

    @Override public long residentPages() { return resident; }
    @Override public MmFields mmFields() { return mmFields; }
    @Override public long rlimitCur(int r) { return rlimCur[r]; }
    @Override public long rlimitMax(int r) { return rlimMax[r]; }
    @Override public long startTimeNanos() { return startTimeNanos; }
    @Override public CpuTimes times() { return times; }
    @Override public SignalState signals() { return signals; }
}
