package dev.umk.sched.exec;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The strings execve carries into the new image (Linux's linux_binprm strings): the file name
 * (AT_EXECFN), argv and envp, with Linux's size accounting so E2BIG is raised before the point
 * of no return. Strings are raw bytes without their NUL terminator and must not contain NUL.
 *
 * <p>Limits (bprm_stack_limits, copy_strings): each string including its NUL at most
 * MAX_ARG_STRLEN (32 pages); all strings plus one pointer per argv/envp entry at most a quarter
 * of RLIMIT_STACK, capped at 3/4 of 8 MiB and never below ARG_MAX (32 pages). An empty argv gets
 * argv[0] = "" as Linux has done since 5.18. Immutable; the #! splice returns a new instance.
 */
public final class ExecArgs {
    public static final int MAX_ARG_STRLEN = 32 * 4096;
    /** ARG_MAX in the kernel: the floor of the string budget. */
    public static final long ARG_MAX = 32 * 4096;
    /** _STK_LIM, the default RLIMIT_STACK. */
    public static final long STK_LIM = 8L << 20;
    /** RLIM_INFINITY as a Java long. */
    public static final long RLIM_INFINITY = -1L;

    private final byte[] filename;
    private final byte[] interp;
    private final List<byte[]> argv;
    private final List<byte[]> envp;
    private final long stackRlimit;
    private final long limit;
    private final long used;

    private ExecArgs(byte[] filename, byte[] interp, List<byte[]> argv, List<byte[]> envp,
                     long stackRlimit, long limit, long used) {
        this.filename = filename;
        this.interp = interp;
        this.argv = Collections.unmodifiableList(argv);
        this.envp = Collections.unmodifiableList(envp);
        this.stackRlimit = stackRlimit;
        this.limit = limit;
        this.used = used;
    }

    /**
     * Accounts the strings of execve(filename, argv, envp) against the stack budget.
     *
     * @param stackRlimit the caller's RLIMIT_STACK soft limit ({@link #RLIM_INFINITY} allowed)
     * @throws ErrnoException E2BIG when they do not fit
     */
    public static ExecArgs create(byte[] filename, List<byte[]> argv, List<byte[]> envp,
                                  long stackRlimit) {
        long limit = Math.min(STK_LIM / 4 * 3, Long.divideUnsigned(stackRlimit, 4));
        limit = Math.max(limit, ARG_MAX);
        long ptrBytes = 8L * (Math.max(argv.size(), 1) + (long) envp.size());
        if (limit <= ptrBytes) throw new ErrnoException(Errno.E2BIG);
        limit -= ptrBytes;

        // Linux copies the file name, then envp, then argv; the budget check order matches.
        long used = charge(0, limit, filename);
        for (byte[] e : envp) used = charge(used, limit, e);
        for (byte[] a : argv) used = charge(used, limit, a);
        List<byte[]> args = new ArrayList<>(argv.size() + 1);
        for (byte[] a : argv) args.add(a.clone());
        if (args.isEmpty()) {
            byte[] empty = new byte[0];
            used = charge(used, limit, empty);
            args.add(empty);
        }
        List<byte[]> env = new ArrayList<>(envp.size());
        for (byte[] e : envp) env.add(e.clone());
        return new ExecArgs(filename.clone(), filename.clone(), args, env, stackRlimit, limit, used);
    }

    /** Adds one string and its NUL to the running total, or fails E2BIG. */
    private static long charge(long used, long limit, byte[] s) {
        Objects.requireNonNull(s);
        for (byte b : s) {
            if (b == 0) throw new IllegalArgumentException("exec string contains NUL");
        }
        long len = s.length + 1L;
        if (len > MAX_ARG_STRLEN || used + len > limit) throw new ErrnoException(Errno.E2BIG);
        return used + len;
    }

    /**
     * The argv a #! script runs with (binfmt_script): argv[0] is dropped and replaced by the
     * interpreter name, its optional argument, and the script's path as execve was given it
     * (or the previous interpreter's name when scripts nest). AT_EXECFN stays the original file
     * name. The result's {@link #interp()} is the interpreter name.
     */
    public ExecArgs withScript(ScriptHeader script) {
        List<byte[]> rest = argv.subList(1, argv.size());
        long u = used - (argv.get(0).length + 1L);
        u = charge(u, limit, interp);
        if (script.arg().isPresent()) u = charge(u, limit, script.arg().get());
        u = charge(u, limit, script.interpreter());
        List<byte[]> args = new ArrayList<>(rest.size() + 3);
        args.add(script.interpreter());
        script.arg().ifPresent(args::add);
        args.add(interp);
        args.addAll(rest);
        return new ExecArgs(filename, script.interpreter(), args, envp, stackRlimit, limit, u);
    }

    /** The name execve was called with: the string AT_EXECFN points at. Do not modify. */
    public byte[] execfn() {
        return filename;
    }

    /** What a #! splice would put in argv for the file: the file name or the last interpreter. */
    public byte[] interp() {
        return interp;
    }

    /** Never empty. Do not modify the arrays. */
    public List<byte[]> argv() {
        return argv;
    }

    public List<byte[]> envp() {
        return envp;
    }

    public long stackRlimit() {
        return stackRlimit;
    }

    /** Bytes of strings (with NULs) charged so far, out of {@link #budget()}. */
    public long stringBytes() {
        return used;
    }

    /** The string budget left after the argv/envp pointers. */
    public long budget() {
        return limit;
    }

    @Override
    public String toString() {
        return "ExecArgs[argc=" + argv.size() + ", envc=" + envp.size() + ", execfn="
                + new String(filename, StandardCharsets.UTF_8) + "]";
    }
}
