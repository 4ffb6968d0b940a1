package dev.umk.fs.proc;

/** Fixed system-wide numbers for format tests. */
final class FakeKernel implements KernelInfo {
    int cpus = 4;
    long total = 1L << 30;
    long free = 768L << 20;
    long uptime = 12_345_670_000_000L;
    volatile String hostname = "umk";

    @Override public int cpus() { return cpus; }
    @Override public long memTotalBytes() { return total; }
    @Override public long memFreeBytes() { return free; }
    @Override public long uptimeNanos() { return uptime; }
    @Override public long bootTimeSeconds() { return 1_700_000_000L; }
    @Override public CpuUsage cpuUsage(int cpu) {
        return new CpuUsage(1_000_000_000L * (cpu + 1), 0, 500_000_000L, uptime - 1_500_000_000L * (cpu + 1), 0, 0,
                0, 0, 0, 0);
    }
    @Override public long forks() { return 57; }
    @Override public int runningTasks() { return 1; }
    @Override public int taskCount() { return 3; }
    volatile int lastPid = 57;

    @Override public int lastPid() { return lastPid; }

    @Override public void setLastPid(int pid) { lastPid = pid; }
    @Override public String hostname() { return hostname; }
    @Override public void setHostname(String name) { hostname = name; }
    volatile String corePattern = "core";
    volatile int coreUsesPid;
    @Override public String corePattern() { return corePattern; }
    @Override public void setCorePattern(String p) { corePattern = p; }
    @Override public int coreUsesPid() { return coreUsesPid; }
    @Override public void setCoreUsesPid(int v) { coreUsesPid = v; }
}
