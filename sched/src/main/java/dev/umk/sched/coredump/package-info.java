/**
 * Core files (fs/coredump.c and binfmt_elf's elf_core_dump) as pure functions: the name
 * kernel.core_pattern gives ({@link dev.umk.sched.coredump.CorePattern}), the notes of an
 * x86-64 core ({@link dev.umk.sched.coredump.CoreNotes}), and the ELF64 ET_CORE layout with
 * RLIMIT_CORE truncation and holes ({@link dev.umk.sched.coredump.ElfCoreWriter}). Nothing
 * here knows tasks, ptrace or the VFS: memory is a {@link dev.umk.sched.coredump.PageSource},
 * the file a {@link dev.umk.sched.coredump.CoreSink}. {@code dev.umk.sched.CoreDumper} gathers
 * the process's state and drives them.
 */
package dev.umk.sched.coredump;
