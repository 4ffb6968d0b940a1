package dev.umk.sched;

/** Encodes and decodes wait(2) status words as Linux does. */
public final class ExitStatus {
    private ExitStatus() {}

    public static int exited(int code) {
        return (code & 0xff) << 8;
    }

    public static int killed(int sig, boolean core) {
        return (sig & 0x7f) | (core ? 0x80 : 0);
    }

    public static boolean isExited(int st) {
        return (st & 0x7f) == 0;
    }

    public static int exitCode(int st) {
        return (st >> 8) & 0xff;
    }

    public static int termSig(int st) {
        return st & 0x7f;
    }

    public static boolean coreDumped(int st) {
        return (st & 0x80) != 0;
    }
}
