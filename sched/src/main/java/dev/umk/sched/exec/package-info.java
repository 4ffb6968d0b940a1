/**
 * execve's binary loading, as fs/exec.c, fs/binfmt_elf.c and fs/binfmt_script.c do it.
 * Before the point of no return: {@link dev.umk.sched.exec.ExecArgs} (argument budget),
 * {@link dev.umk.sched.exec.Binprm} (#! scripts, via {@link dev.umk.sched.exec.ScriptHeader})
 * and {@link dev.umk.sched.exec.ElfBinary} / {@link dev.umk.sched.exec.ElfFile} (parsing and
 * validation). After it: {@link dev.umk.sched.exec.BinfmtElf}, which runs
 * {@link dev.umk.sched.exec.ElfLoader} and {@link dev.umk.sched.exec.InitialStack}. Nothing
 * here knows tasks or registers; memory is reached through
 * {@link dev.umk.sched.exec.ExecMemory}. See the module README for layout and errno details.
 */
package dev.umk.sched.exec;
