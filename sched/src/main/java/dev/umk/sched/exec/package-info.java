/**
 * execve's binary loading: the ELF parser ({@link dev.umk.sched.exec.ElfFile}), the loader that
 * maps a program and its interpreter into a fresh address space
 * ({@link dev.umk.sched.exec.ElfLoader}), the argument/environment accounting
 * ({@link dev.umk.sched.exec.ExecArgs}), the initial stack with its auxiliary vector
 * ({@link dev.umk.sched.exec.InitialStack}) and the #! script header
 * ({@link dev.umk.sched.exec.ScriptHeader}). It knows nothing of tasks or registers: the exec
 * path in sched drives it through {@link dev.umk.sched.exec.ExecMemory}.
 */
package dev.umk.sched.exec;
