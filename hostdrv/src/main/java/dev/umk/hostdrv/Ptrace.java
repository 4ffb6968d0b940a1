package dev.umk.hostdrv;

/** ptrace(2) and wait(2) constants for x86-64 Linux. */
final class Ptrace {
    private Ptrace() {}

    static final long PEEKUSER = 3;
    static final long POKEUSER = 6;
    static final long CONT = 7;
    static final long KILL = 8;
    static final long GETREGS = 12;
    static final long SETREGS = 13;
    static final long GETFPREGS = 14;
    static final long SETFPREGS = 15;
    static final long DETACH = 17;
    static final long SYSEMU = 31;
    static final long SETOPTIONS = 0x4200;
    static final long GETEVENTMSG = 0x4201;
    static final long GETSIGINFO = 0x4202;
    static final long GETREGSET = 0x4204;
    static final long SETREGSET = 0x4205;
    static final long SEIZE = 0x4206;
    static final long INTERRUPT = 0x4207;

    static final int O_TRACESYSGOOD = 1;
    static final int O_TRACECLONE = 8;
    static final int O_EXITKILL = 0x100000;

    static final int EVENT_CLONE = 3;
    static final int EVENT_STOP = 128;

    static final int WUNTRACED = 2;
    static final int WALL = 0x40000000;

    static final int SIGTRAP = 5;
    static final int SIGKILL = 9;
    static final int SIGSTOP = 19;
    /** The signal umk sends a stub thread to make it trap (it is never delivered). */
    static final int SIG_KICK = 23; // SIGURG: ignored by default, never sent by the tty

    /** Byte offset of rax in struct user (user_regs_struct is at offset 0). */
    static final long OFF_RAX = 10 * 8;

    static boolean exited(int st) { return (st & 0x7f) == 0; }
    static boolean signaled(int st) { return (st & 0x7f) != 0 && (st & 0x7f) != 0x7f; }
    static boolean stopped(int st) { return (st & 0xff) == 0x7f; }
    static int stopSig(int st) { return (st >> 8) & 0xff; }
    static int event(int st) { return (st >>> 16) & 0xffff; }
}
