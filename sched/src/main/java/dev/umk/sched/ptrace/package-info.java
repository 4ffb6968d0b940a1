/**
 * ptrace(2) for guests: one guest task tracing another, as Linux's kernel/ptrace.c and the
 * ptrace parts of kernel/signal.c do it. This is purely virtual: umk's own host-level
 * PTRACE_SYSEMU tracing of stubs is hostdrv's and unrelated.
 *
 * <ul>
 * <li>{@link dev.umk.sched.ptrace.TaskPtrace}: per task, the tracer link, options, and the
 *     ptrace-stop handshake (the tracee's thread sleeps; the tracer reads its registers under
 *     the handshake's monitor and hands FPU work to the sleeping tracee's thread).</li>
 * <li>{@link dev.umk.sched.ptrace.Ptrace}: the tracer's requests that link, unlink and
 *     resume (TRACEME, ATTACH, SEIZE, DETACH, KILL, INTERRUPT, LISTEN, CONT/SYSCALL/SYSEMU/
 *     SINGLESTEP, SETOPTIONS), permission, a tracer's exit, a tracee's exit.</li>
 * <li>{@link dev.umk.sched.ptrace.PtraceStops}: the stops a tracee makes on its own thread:
 *     signal-delivery, group-stop, PTRACE_EVENT_STOP, syscall entry/exit, events.</li>
 * <li>{@link dev.umk.sched.ptrace.Ptracees}: all links, and wait(2) for tracers.</li>
 * <li>{@link dev.umk.sched.ptrace.UserArea}, {@link dev.umk.sched.ptrace.SyscallInfo},
 *     {@link dev.umk.sched.ptrace.PtraceAbi}: struct user, struct ptrace_syscall_info and
 *     the uapi numbers.</li>
 * </ul>
 */
package dev.umk.sched.ptrace;
