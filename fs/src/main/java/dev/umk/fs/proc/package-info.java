/**
 * procfs: /proc with per-process directories (status, stat, maps, fd...), the system-wide
 * files (meminfo, cpuinfo, stat...) and /proc/sys, in Linux 6.1's formats; plus the
 * pseudo-filesystem classes (PseudoSuperBlock, StaticDir, DynamicDir, PseudoFile,
 * PseudoSymlink) sysfs is built from too. Process data comes from sched through
 * {@link dev.umk.fs.proc.ProcessInfo} and {@link dev.umk.fs.proc.KernelInfo}.
 */
package dev.umk.fs.proc;
