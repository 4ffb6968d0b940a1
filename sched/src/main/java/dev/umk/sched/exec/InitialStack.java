package dev.umk.sched.exec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Builds a new process's initial stack exactly as Linux lays it out (fs/exec.c copy_strings,
 * setup_arg_pages, fs/binfmt_elf.c create_elf_tables). From the top down:
 *
 * <pre>
 *   stackTop  -&gt; 8 zero bytes
 *                execfn string          (AT_EXECFN)
 *                envp strings           (envp[envc-1] highest)
 *                argv strings           (argv[0] lowest: mm->arg_start)
 *                0..8 KiB random gap, 16-byte aligned (arch_align_stack)
 *                "x86_64\0"             (AT_PLATFORM)
 *                16 random bytes        (AT_RANDOM)
 *                padding to 16 bytes
 *                auxv pairs, AT_NULL last
 *                NULL, envp[envc-1] .. envp[0]
 *                NULL, argv[argc-1] .. argv[0]
 *   rsp       -&gt; argc
 * </pre>
 *
 * The stack mapping covers the string pages plus 128 KiB (bounded by RLIMIT_STACK) and grows
 * down from there. The whole image is written with one {@link ExecMemory#write}.
 */
public final class InitialStack {
    /** ELF_PLATFORM on x86-64. */
    private static final byte[] PLATFORM = "x86_64".getBytes(StandardCharsets.US_ASCII);
    /** How far below the strings setup_arg_pages makes the stack reach up front. */
    public static final long STACK_EXPAND = 128 * 1024;
    private static final int RANDOM_BYTES = 16;

    private InitialStack() {}

    /**
     * Maps the stack below {@code stackTop} and fills it.
     *
     * @param stackTop page-aligned first address above the stack, e.g.
     *                 {@code aslr.stackTop(mem.taskSize())}
     */
    public static StackImage build(ExecMemory mem, long stackTop, ExecArgs args,
                                   LoadedImage image, AuxvBuilder auxv, Aslr aslr) {
        if (Elf.pageOffset(stackTop) != 0 || stackTop <= 0 || stackTop > mem.taskSize()) {
            throw new IllegalArgumentException("bad stack top " + Long.toHexString(stackTop));
        }
        List<byte[]> argv = args.argv();
        List<byte[]> envp = args.envp();
        int argc = argv.size();
        int envc = envp.size();

        long p = stackTop - 8;
        long execfn = p -= args.execfn().length + 1;
        long[] envAddr = new long[envc];
        for (int i = envc - 1; i >= 0; i--) envAddr[i] = p -= envp.get(i).length + 1;
        long[] argAddr = new long[argc];
        for (int i = argc - 1; i >= 0; i--) argAddr[i] = p -= argv.get(i).length + 1;
        long stringsLow = p;
        long envStart = envc > 0 ? envAddr[0] : execfn;

        p = aslr.alignStack(p);
        long platform = p -= PLATFORM.length + 1;
        long random = p -= RANDOM_BYTES;
        long[] av = auxv.build(image, random, execfn, platform);
        int items = (argc + 1) + (envc + 1) + 1;
        long rsp = (p - 8L * av.length - 8L * items) & ~15L;

        long stackStart = stackStart(stackTop, stringsLow, rsp, args.stackRlimit());
        int prot = ExecMemory.PROT_READ | ExecMemory.PROT_WRITE
                | (image.stackExecutable() ? ExecMemory.PROT_EXEC : 0);
        mem.mapStack(stackStart, stackTop - stackStart, prot);

        ByteBuffer img = ByteBuffer.allocate((int) (stackTop - rsp)).order(ByteOrder.LITTLE_ENDIAN);
        putString(img, execfn - rsp, args.execfn());
        for (int i = 0; i < envc; i++) putString(img, envAddr[i] - rsp, envp.get(i));
        for (int i = 0; i < argc; i++) putString(img, argAddr[i] - rsp, argv.get(i));
        putString(img, platform - rsp, PLATFORM);
        img.put((int) (random - rsp), aslr.randomBytes(RANDOM_BYTES));
        int at = 0;
        img.putLong(at, argc);
        at += 8;
        for (long a : argAddr) {
            img.putLong(at, a);
            at += 8;
        }
        at += 8;
        for (long e : envAddr) {
            img.putLong(at, e);
            at += 8;
        }
        at += 8;
        for (long v : av) {
            img.putLong(at, v);
            at += 8;
        }
        mem.write(rsp, img.array(), 0, img.capacity());

        return new StackImage(rsp, stackStart, stackTop, argAddr[0], envStart, envStart, execfn,
                execfn, random, platform, av);
    }

    /** String bytes then NUL (the buffer is zero-filled, so the NUL is already there). */
    private static void putString(ByteBuffer img, long at, byte[] s) {
        img.put((int) at, s);
    }

    /**
     * setup_arg_pages' stack extent: the string pages plus STACK_EXPAND, or RLIMIT_STACK if that
     * is smaller, and never short of what create_elf_tables then writes.
     */
    private static long stackStart(long stackTop, long stringsLow, long rsp, long rlimit) {
        long vmStart = Elf.pageStart(stringsLow);
        long rlim = rlimit & -Elf.PAGE_SIZE;
        long size = stackTop - vmStart;
        long base = Long.compareUnsigned(size + STACK_EXPAND, rlim) > 0
                ? stackTop - rlim : vmStart - STACK_EXPAND;
        return Math.min(Math.min(base, vmStart), Elf.pageStart(rsp));
    }
}
