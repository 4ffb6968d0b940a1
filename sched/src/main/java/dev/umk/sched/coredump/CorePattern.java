package dev.umk.sched.coredump;

/**
 * kernel.core_pattern's expansion into a core file name (fs/coredump.c format_corename).
 * Specifiers: %% %p %P %i %I %u %g %d %s %t %h %e %E %f %c; an unknown one expands to
 * nothing. Names that come from the process or the host (%h %e %E %f) have '/' turned into
 * '!', and a component that would be "", "." or ".." gets a '!' too, so they cannot move the
 * file to another directory. With core_uses_pid set and no %p, ".PID" is appended.
 */
public final class CorePattern {
    private CorePattern() {}

    /**
     * What the specifiers expand to.
     *
     * @param tgid     %p and %P (one pid namespace)
     * @param tid      %i and %I
     * @param uid      %u, the real uid
     * @param gid      %g, the real gid
     * @param dumpable %d, the dumpable mode
     * @param sig      %s
     * @param time     %t, seconds since the epoch
     * @param hostname %h
     * @param comm     %e, the command name
     * @param exePath  %E (and %f, its last component), the executable's path
     * @param rlimit   %c, RLIMIT_CORE's soft limit (RLIM_INFINITY is -1, printed unsigned)
     */
    public record Context(int tgid, int tid, int uid, int gid, int dumpable, int sig, long time,
                          String hostname, String comm, String exePath, long rlimit) {}

    /** True for a pattern that pipes the core to a helper program (unsupported by umk). */
    public static boolean isPipe(String pattern) {
        return pattern.startsWith("|");
    }

    /** The core file name for {@code pattern}, relative to the dumping process's cwd unless absolute. */
    public static String format(String pattern, Context c, boolean usesPid) {
        StringBuilder out = new StringBuilder();
        boolean pidInPattern = false;
        for (int i = 0; i < pattern.length(); i++) {
            char ch = pattern.charAt(i);
            if (ch != '%') {
                out.append(ch);
                continue;
            }
            if (++i == pattern.length()) break; // a lone trailing '%' is dropped
            switch (pattern.charAt(i)) {
                case '%' -> out.append('%');
                case 'p' -> {
                    pidInPattern = true;
                    out.append(c.tgid());
                }
                case 'P' -> out.append(c.tgid());
                case 'i', 'I' -> out.append(c.tid());
                case 'u' -> out.append(Integer.toUnsignedString(c.uid()));
                case 'g' -> out.append(Integer.toUnsignedString(c.gid()));
                case 'd' -> out.append(c.dumpable());
                case 's' -> out.append(c.sig());
                case 't' -> out.append(c.time());
                case 'h' -> escaped(out, c.hostname());
                case 'e' -> escaped(out, c.comm());
                case 'E' -> escaped(out, c.exePath());
                case 'f' -> escaped(out, c.exePath().substring(c.exePath().lastIndexOf('/') + 1));
                case 'c' -> out.append(Long.toUnsignedString(c.rlimit()));
                default -> { }
            }
        }
        if (usesPid && !pidInPattern) out.append('.').append(c.tgid());
        return out.toString();
    }

    /** cn_esc_printf: a name component that cannot be empty, ".", ".." or hold a '/'. */
    private static void escaped(StringBuilder out, String v) {
        if (v.isEmpty()) v = "!";
        else if (v.equals(".") || v.equals("..")) v = "!" + v.substring(1);
        out.append(v.replace('/', '!'));
    }
}
