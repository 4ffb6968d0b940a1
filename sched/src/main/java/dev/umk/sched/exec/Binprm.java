package dev.umk.sched.exec;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * What execve has resolved before its point of no return (Linux's linux_binprm after
 * exec_binprm's search): the ELF binary that will run, with its interpreter opened, and the
 * argument strings as #! scripts rewrote them. Any failure here leaves the caller untouched.
 *
 * @param binary the ELF to load (the last interpreter when the file was a script)
 * @param args   argv/envp/execfn to put on the new stack
 */
public record Binprm(ElfBinary binary, ExecArgs args) {
    /** exec_binprm's limit on #! interpreters: the fifth must be a binary. */
    public static final int MAX_SCRIPT_DEPTH = 5;

    public Binprm {
        Objects.requireNonNull(binary);
        Objects.requireNonNull(args);
    }

    /**
     * Resolves {@code file}: a "#!" script restarts with its interpreter (opened through
     * {@code opener}, argv spliced), up to {@link #MAX_SCRIPT_DEPTH} levels (then ELOOP); an ELF
     * file is parsed and its PT_INTERP opened. Anything else is ENOEXEC.
     *
     * @param opener opens guest paths with open_exec semantics: it decides ENOENT, EACCES
     *               (no exec permission, noexec mount), ETXTBSY ...
     */
    public static Binprm prepare(ElfSource file, ExecArgs args, ElfBinary.InterpreterOpener opener) {
        ElfSource current = file;
        ExecArgs currentArgs = args;
        for (int depth = 0; ; depth++) {
            if (depth > MAX_SCRIPT_DEPTH) throw new ErrnoException(Errno.ELOOP, "#! nesting");
            byte[] head = readHead(current);
            if (!ScriptHeader.isScript(head)) {
                return new Binprm(ElfBinary.open(current, opener), currentArgs);
            }
            ScriptHeader script = ScriptHeader.parse(head);
            currentArgs = currentArgs.withScript(script);
            current = opener.open(new String(script.interpreter(), StandardCharsets.UTF_8));
        }
    }

    /** The first BINPRM_BUF_SIZE bytes of the file (fewer if it is shorter). */
    private static byte[] readHead(ElfSource src) {
        byte[] buf = new byte[ScriptHeader.BINPRM_BUF_SIZE];
        int done = 0;
        while (done < buf.length) {
            int n = src.read(done, buf, done, buf.length - done);
            if (n <= 0) break;
            done += n;
        }
        return done == buf.length ? buf : Arrays.copyOf(buf, done);
    }
}
