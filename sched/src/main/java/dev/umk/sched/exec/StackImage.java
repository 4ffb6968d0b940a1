package dev.umk.sched.exec;

/**
 * What {@link InitialStack} built: the register value to start with and the addresses the
 * mm_struct keeps for /proc/PID/{cmdline,environ,auxv,stat}.
 *
 * @param rsp        initial stack pointer: the address of argc, 16-byte aligned
 * @param stackStart lowest address of the stack mapping
 * @param stackTop   first address above it
 * @param argStart   argv[0]'s string (mm->arg_start)
 * @param argEnd     just past the last argv string (mm->arg_end)
 * @param envStart   envp[0]'s string (mm->env_start)
 * @param envEnd     just past the last envp string (mm->env_end)
 * @param execfn     the AT_EXECFN string
 * @param random     the 16 AT_RANDOM bytes
 * @param platform   the AT_PLATFORM string
 * @param auxv       the auxiliary vector as (type, value) pairs ending with AT_NULL (saved_auxv)
 */
public record StackImage(long rsp, long stackStart, long stackTop, long argStart, long argEnd,
                         long envStart, long envEnd, long execfn, long random, long platform,
                         long[] auxv) {
}
