/**
 * Linux signals for umk: generation, queueing, disposition, delivery to x86-64 handlers,
 * rt_sigreturn, syscall restart and job control, after kernel/signal.c,
 * arch/x86/kernel/signal*.c and arch/x86/kernel/fpu/signal.c. Nothing here touches ptrace
 * or mm: registers are a {@link dev.umk.core.hw.Registers}, memory a
 * {@link dev.umk.sched.signal.UserMemory}, the FPU a {@link dev.umk.sched.signal.FpuAccess},
 * so every rule is unit-tested in plain Java.
 *
 * <h2>Layers</h2>
 * <ul>
 * <li>Values and pure rules: {@link dev.umk.sched.signal.SigInfo} (siginfo_t and its codec),
 *     {@link dev.umk.sched.signal.SigSet}, {@link dev.umk.sched.signal.SaFlags},
 *     {@link dev.umk.sched.signal.DefaultAction},
 *     {@link dev.umk.sched.signal.SignalDisposition} (ignored-at-send, fatal, wants_signal,
 *     get_signal verdicts, forced faults), {@link dev.umk.sched.signal.SigAltStack}
 *     (sigaltstack rules), {@link dev.umk.sched.signal.SyscallRestart},
 *     {@link dev.umk.sched.signal.ChildNotify}, {@link dev.umk.sched.signal.CoreDump}.</li>
 * <li>The core-dump rendezvous: {@link dev.umk.sched.signal.CoreState} (core_state), through
 *     which the other threads hand their {@link dev.umk.sched.signal.CoreThread} state to the
 *     dumping thread and wait for the dump.</li>
 * <li>The frame: {@link dev.umk.sched.signal.SignalFrame} (rt_sigframe, ucontext,
 *     sigcontext; setup and sigreturn) and {@link dev.umk.sched.signal.FpuFrame} (the
 *     fxsave/xsave area with its magic numbers), in the format
 *     {@link dev.umk.sched.signal.FpuLayout} describes. A frame recorded from Linux 6.18 is
 *     reproduced byte for byte by the tests.</li>
 * <li>State: {@link dev.umk.sched.signal.PendingSignals} (struct sigpending, with
 *     RLIMIT_SIGPENDING accounting through {@link dev.umk.sched.signal.SigqueueAccount} and
 *     {@link dev.umk.sched.signal.UserSigpending}), {@link dev.umk.sched.signal.TaskSignals}
 *     (per thread) and {@link dev.umk.sched.signal.ProcessSignals} (per thread group: the
 *     dispositions, the shared pending set, send/complete/force, group exit, exec,
 *     job control through JobControl, get_signal through GetSignal).</li>
 * <li>Glue: {@link dev.umk.sched.signal.SignalDelivery} performs a
 *     {@link dev.umk.sched.signal.Delivery} on a task's registers, FPU and stack, and
 *     rt_sigreturn.</li>
 * </ul>
 *
 * <h2>Locking</h2>
 * {@code ProcessSignals.lock} is the siglock; it guards the process's and its threads'
 * signal state. It nests inside the process tree lock and is never held with another
 * process's siglock. Under it only {@link dev.umk.sched.signal.TaskWakeup#wake} and the
 * pending listener are called, which take leaf locks only. The orphaned-process-group check
 * of job control runs with the siglock released.
 *
 * <p>See README.md in this directory for the wiring into the task loop and what is missing.
 */
package dev.umk.sched.signal;
