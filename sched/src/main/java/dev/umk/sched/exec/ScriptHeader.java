package dev.umk.sched.exec;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import java.util.Arrays;
import java.util.Optional;

/**
 * The "#!" line of an interpreter script, parsed by binfmt_script's rules from the first
 * {@link #BINPRM_BUF_SIZE} bytes of the file: optional spaces/tabs, the interpreter path up to
 * a space, tab, NUL or the line end, then at most one argument (the rest of the line, inner
 * spaces kept, trailing spaces/tabs trimmed). A line with no newline within the buffer is
 * accepted only if the interpreter path is visibly complete (ends before the buffer does);
 * the argument may be silently truncated, as Linux does. execve restarts with the
 * interpreter (see {@link ExecArgs#withScript}); Linux allows 5 levels of nesting.
 */
public final class ScriptHeader {
    /** BINPRM_BUF_SIZE: how much of the file Linux looks at. */
    public static final int BINPRM_BUF_SIZE = 256;

    private final byte[] interpreter;
    private final byte[] arg;

    private ScriptHeader(byte[] interpreter, byte[] arg) {
        this.interpreter = interpreter;
        this.arg = arg;
    }

    /** Whether the file starts with "#!" (the only thing that makes it binfmt_script's). */
    public static boolean isScript(byte[] head) {
        return head.length >= 2 && head[0] == '#' && head[1] == '!';
    }

    /**
     * Parses the #! line from the start of a file ({@code head} may be shorter or longer than
     * BINPRM_BUF_SIZE; missing bytes count as NUL, extra ones are ignored).
     *
     * @throws ErrnoException ENOEXEC when it is not a script or names no usable interpreter
     */
    public static ScriptHeader parse(byte[] head) {
        if (!isScript(head)) throw new ErrnoException(Errno.ENOEXEC, "no #!");
        byte[] buf = Arrays.copyOf(head, BINPRM_BUF_SIZE);
        int bufEnd = BINPRM_BUF_SIZE - 1;
        int end = indexOf(buf, (byte) '\n');
        if (end < 0) {
            end = nextNonSpaceTab(buf, 2, bufEnd);
            if (end < 0) throw new ErrnoException(Errno.ENOEXEC, "#! line all blanks");
            if (nextTerminator(buf, end, bufEnd) < 0) {
                throw new ErrnoException(Errno.ENOEXEC, "#! interpreter path truncated");
            }
            end = bufEnd;
        }
        while (isSpaceTab(buf[end - 1])) end--;

        int name = nextNonSpaceTab(buf, 2, end);
        if (name < 0 || name == end) throw new ErrnoException(Errno.ENOEXEC, "#! without interpreter");
        int sep = nextTerminator(buf, name, end);
        int argStart = -1;
        if (sep >= 0 && buf[sep] != 0) argStart = nextNonSpaceTab(buf, sep, end);

        // Linux NUL-terminates at the trimmed end, and at the separator when there is an argument.
        buf[end] = 0;
        if (argStart >= 0) buf[sep] = 0;
        byte[] interp = cString(buf, name);
        byte[] arg = argStart >= 0 ? cString(buf, argStart) : null;
        return new ScriptHeader(interp, arg);
    }

    private static boolean isSpaceTab(byte c) {
        return c == ' ' || c == '\t';
    }

    private static int indexOf(byte[] b, byte c) {
        for (int i = 0; i < b.length; i++) if (b[i] == c) return i;
        return -1;
    }

    /** First index in [first, last] that is not space/tab, or -1. */
    private static int nextNonSpaceTab(byte[] b, int first, int last) {
        for (int i = first; i <= last; i++) if (!isSpaceTab(b[i])) return i;
        return -1;
    }

    /** First index in [first, last] holding space, tab or NUL, or -1. */
    private static int nextTerminator(byte[] b, int first, int last) {
        for (int i = first; i <= last; i++) if (isSpaceTab(b[i]) || b[i] == 0) return i;
        return -1;
    }

    private static byte[] cString(byte[] b, int from) {
        int to = from;
        while (b[to] != 0) to++;
        return Arrays.copyOfRange(b, from, to);
    }

    /** The interpreter path, to be opened with open_exec semantics. */
    public byte[] interpreter() {
        return interpreter.clone();
    }

    /** The single optional argument. */
    public Optional<byte[]> arg() {
        return Optional.ofNullable(arg).map(byte[]::clone);
    }
}
