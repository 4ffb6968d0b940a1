package dev.umk.sched.coredump;

import dev.umk.core.hw.Registers;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The notes of an x86-64 core file, laid out as Linux's struct elf_prstatus (336 bytes),
 * elf_prpsinfo (136 bytes), the NT_FILE table, the saved auxv, and the FPU regsets
 * (fill_prstatus, fill_psinfo, fill_files_note, fill_auxv_note in fs/binfmt_elf.c).
 */
public final class CoreNotes {
    private CoreNotes() {}

    public static final int NT_PRSTATUS = 1;
    public static final int NT_FPREGSET = 2;
    public static final int NT_PRPSINFO = 3;
    public static final int NT_AUXV = 6;
    public static final int NT_X86_XSTATE = 0x202;
    public static final int NT_SIGINFO = 0x53494749;
    public static final int NT_FILE = 0x46494c45;

    static final int PRSTATUS_SIZE = 336;
    static final int PRPSINFO_SIZE = 136;
    /** ELF_PRARGSZ: pr_psargs' size, NUL included. */
    static final int PRARGSZ = 80;
    static final int FXSAVE_SIZE = 512;

    /**
     * One thread's elf_prstatus.
     *
     * @param sig      the signal that dumps core (pr_cursig and pr_info.si_signo, as Linux
     *     fills them for every thread)
     * @param sigpend  the thread's private pending set
     * @param sighold  its blocked mask
     * @param times    utime, stime, cutime, cstime in nanoseconds
     * @param fpvalid  whether an NT_FPREGSET follows for this thread
     */
    public record PrStatus(int sig, long sigpend, long sighold, int pid, int ppid, int pgrp, int sid,
                           long[] times, Registers regs, boolean fpvalid) {}

    /**
     * The process's elf_prpsinfo.
     *
     * @param state  Linux's task state index (0 running ... ; pr_sname from "RSDTZW")
     * @param flag   the task's PF_* flags
     * @param fname  the command name (comm)
     * @param argv   the arguments, joined with spaces into pr_psargs
     */
    public record PrPsInfo(int state, int nice, long flag, int uid, int gid, int pid, int ppid, int pgrp,
                           int sid, byte[] fname, byte[][] argv) {}

    /** One file mapping for NT_FILE: [start, end) maps {@code path} from page {@code pgoff}. */
    public record FileMapping(long start, long end, long pgoff, String path) {}

    public static ElfNote prstatus(PrStatus p) {
        ByteBuffer b = le(PRSTATUS_SIZE);
        b.putInt(0, p.sig()); // pr_info: si_signo, si_code 0, si_errno 0
        b.putShort(12, (short) p.sig());
        b.putLong(16, p.sigpend()).putLong(24, p.sighold());
        b.putInt(32, p.pid()).putInt(36, p.ppid()).putInt(40, p.pgrp()).putInt(44, p.sid());
        for (int i = 0; i < 4; i++) {
            long ns = p.times()[i];
            b.putLong(48 + 16 * i, ns / 1_000_000_000L).putLong(56 + 16 * i, ns % 1_000_000_000L / 1000);
        }
        for (int i = 0; i < Registers.WORDS; i++) b.putLong(112 + 8 * i, p.regs().word(i));
        b.putInt(328, p.fpvalid() ? 1 : 0);
        return new ElfNote("CORE", NT_PRSTATUS, b.array());
    }

    public static ElfNote prpsinfo(PrPsInfo p) {
        ByteBuffer b = le(PRPSINFO_SIZE);
        char sname = p.state() > 5 ? '.' : "RSDTZW".charAt(p.state());
        b.put(0, (byte) p.state()).put(1, (byte) sname).put(2, (byte) (sname == 'Z' ? 1 : 0)).put(3, (byte) p.nice());
        b.putLong(8, p.flag());
        b.putInt(16, p.uid()).putInt(20, p.gid());
        b.putInt(24, p.pid()).putInt(28, p.ppid()).putInt(32, p.pgrp()).putInt(36, p.sid());
        byte[] fname = p.fname();
        b.put(40, fname, 0, Math.min(fname.length, 15));
        byte[] args = psargs(p.argv());
        b.put(56, args, 0, args.length);
        return new ElfNote("CORE", NT_PRPSINFO, b.array());
    }

    /**
     * pr_psargs: the argument strings as they lie in memory (each with its NUL), cut to 79
     * bytes, with every NUL turned into a space.
     */
    static byte[] psargs(byte[][] argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] a : argv) {
            out.write(a, 0, a.length);
            out.write(0);
        }
        byte[] s = Arrays.copyOf(out.toByteArray(), Math.min(out.size(), PRARGSZ - 1));
        for (int i = 0; i < s.length; i++) if (s[i] == 0) s[i] = ' ';
        return s;
    }

    /** NT_SIGINFO: the killing signal's siginfo_t (128 bytes) as the guest would see it. */
    public static ElfNote siginfo(byte[] siginfo) {
        return new ElfNote("CORE", NT_SIGINFO, siginfo.clone());
    }

    /** NT_AUXV: the saved auxv up to and including its AT_NULL pair. */
    public static ElfNote auxv(long[] auxv) {
        if (auxv.length < 2) auxv = new long[2]; // nothing saved: just AT_NULL
        int n = 0;
        while (n + 1 < auxv.length) {
            n += 2;
            if (auxv[n - 2] == 0) break;
        }
        ByteBuffer b = le(n * 8);
        for (int i = 0; i < n; i++) b.putLong(auxv[i]);
        return new ElfNote("CORE", NT_AUXV, b.array());
    }

    /** NT_FILE: count, page size, (start, end, pgoff) per mapping, then the paths, NUL-ended. */
    public static ElfNote files(List<FileMapping> maps) {
        ByteArrayOutputStream names = new ByteArrayOutputStream();
        for (FileMapping m : maps) {
            byte[] p = m.path().getBytes(StandardCharsets.UTF_8);
            names.write(p, 0, p.length);
            names.write(0);
        }
        ByteBuffer b = le(16 + 24 * maps.size() + names.size());
        b.putLong(maps.size()).putLong(ElfCoreWriter.PAGE);
        for (FileMapping m : maps) b.putLong(m.start()).putLong(m.end()).putLong(m.pgoff());
        b.put(names.toByteArray());
        return new ElfNote("CORE", NT_FILE, b.array());
    }

    /** NT_FPREGSET: the 512-byte fxsave image (the legacy part of an xsave area). */
    public static ElfNote fpregset(byte[] fpu) {
        return new ElfNote("CORE", NT_FPREGSET, Arrays.copyOf(fpu, FXSAVE_SIZE));
    }

    /** NT_X86_XSTATE: the whole xsave area, as PTRACE_GETREGSET gives it; named "LINUX". */
    public static ElfNote xstate(byte[] xsave) {
        return new ElfNote("LINUX", NT_X86_XSTATE, xsave.clone());
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }
}
