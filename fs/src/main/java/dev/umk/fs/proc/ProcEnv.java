package dev.umk.fs.proc;

import dev.umk.fs.Vfs;

/**
 * Everything procfs reads from outside fs, handed over once at boot: the VFS (for paths,
 * mounts and filesystem types), the process and kernel views sched provides, and the text
 * of the host's /proc/cpuinfo (read by hostdrv, the only code that touches the host; "" when
 * unavailable).
 */
public record ProcEnv(Vfs vfs, ProcessInfo procs, KernelInfo kernel, String hostCpuinfo) {
    public ProcEnv {
        if (hostCpuinfo == null) hostCpuinfo = "";
    }
}
