package dev.umk.hostdrv;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The stub program every guest address space lives in, generated here so users need no
 * compiler: a static x86-64 ELF with one page of code at {@link #BASE}, above the guest's
 * TASK_SIZE. Its code (hand-assembled; the assembly is beside each byte run):
 * <pre>
 * entry:      mov edi,1; mov esi,9; mov eax,157; syscall   ; prctl(PR_SET_PDEATHSIG, SIGKILL)
 *             mov eax,39; syscall          ; getpid
 *             mov edi,eax; mov esi,19; mov eax,62; syscall   ; kill(self, SIGSTOP): wait for umk
 *             mov edi,127; mov eax,231; syscall; hlt         ; exit_group(127) if never traced
 * trampoline: syscall; int3                ; one injected host syscall
 * batch:      test r12,r12; jz done        ; r12 = count, r13 = entries (7 words each, 64 B)
 *             mov rax,[r13]; mov rdi,[r13+8]; mov rsi,[r13+16]; mov rdx,[r13+24]
 *             mov r10,[r13+32]; mov r8,[r13+40]; mov r9,[r13+48]; syscall
 *             cmp rax,-4095; jae done       ; stop at the first failure (r12 tells which)
 *             add r13,64; dec r12; jmp batch
 * done:       int3
 * clone_thread: syscall                    ; clone(CLONE_VM|CLONE_THREAD|..., sp 0)
 *             test rax,rax; jnz parent
 * park:       mov eax,34; syscall; jmp park ; the new thread pauses, untraced, until seized
 * parent:     int3
 * </pre>
 * The control page the batch reads is mapped read-only in the stub, so guest code cannot
 * forge host syscalls; and the guest never executes a host syscall anyway: every guest
 * {@code syscall} instruction, even one in this code, stops in umk under PTRACE_SYSEMU.
 */
final class StubImage {
    private StubImage() {}

    /** Where the stub's code page is mapped; the guest's TASK_SIZE. */
    static final long BASE = 0x7ff000000000L;
    static final int CODE_OFFSET = 0x80;
    static final long ENTRY = BASE + CODE_OFFSET;
    static final long TRAMPOLINE = BASE + CODE_OFFSET + 0x40;
    /** rip after the trampoline's int3. */
    static final long TRAMPOLINE_TRAP = TRAMPOLINE + 3;
    static final long BATCH = BASE + CODE_OFFSET + 0x50;
    static final long BATCH_TRAP = BASE + CODE_OFFSET + 0x85;
    static final long CLONE_THREAD = BASE + CODE_OFFSET + 0x90;
    static final long CLONE_THREAD_TRAP = BASE + CODE_OFFSET + 0xa1;
    /** A loop of pause(): where an exited leader thread is left, detached. */
    static final long PARK = BASE + CODE_OFFSET + 0x97;
    /** The control (batch) area, mapped read-only from the control memfd. */
    static final long CTL = BASE + 0x10000;
    static final int CTL_SIZE = 0x10000;
    static final int BATCH_ENTRY = 64;
    /** The last entry's space stays zero: an empty sigset the stub can point at. */
    static final int BATCH_MAX = CTL_SIZE / BATCH_ENTRY - 1;
    static final long ZERO_SIGSET = CTL + CTL_SIZE - BATCH_ENTRY;
    /** End of everything the stub occupies. */
    static final long END = CTL + CTL_SIZE;
    /** Highest user address + 1 on x86-64 with 4-level paging. */
    static final long USER_TOP = 0x7ffffffff000L;

    private static final byte[] CODE = {
        (byte) 0xbf, 0x01, 0x00, 0x00, 0x00, (byte) 0xbe, 0x09, 0x00, 0x00, 0x00, (byte) 0xb8, (byte) 0x9d,
        0x00, 0x00, 0x00, 0x0f, 0x05, (byte) 0xb8, 0x27, 0x00, 0x00, 0x00, 0x0f, 0x05,
        (byte) 0x89, (byte) 0xc7, (byte) 0xbe, 0x13, 0x00, 0x00, 0x00, (byte) 0xb8, 0x3e, 0x00, 0x00, 0x00,
        0x0f, 0x05, (byte) 0xbf, 0x7f, 0x00, 0x00, 0x00, (byte) 0xb8, (byte) 0xe7, 0x00, 0x00, 0x00,
        0x0f, 0x05, (byte) 0xf4, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0x0f, 0x05, (byte) 0xcc, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0x4d, (byte) 0x85, (byte) 0xe4, 0x74,
        0x2f, 0x49, (byte) 0x8b, 0x45, 0x00, 0x49, (byte) 0x8b, 0x7d, 0x08, 0x49, (byte) 0x8b, 0x75,
        0x10, 0x49, (byte) 0x8b, 0x55, 0x18, 0x4d, (byte) 0x8b, 0x55, 0x20, 0x4d, (byte) 0x8b, 0x45,
        0x28, 0x4d, (byte) 0x8b, 0x4d, 0x30, 0x0f, 0x05, 0x48, 0x3d, 0x01, (byte) 0xf0, (byte) 0xff,
        (byte) 0xff, 0x73, 0x09, 0x49, (byte) 0x83, (byte) 0xc5, 0x40, 0x49, (byte) 0xff, (byte) 0xcc, (byte) 0xeb, (byte) 0xcc,
        (byte) 0xcc, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        // 0x90 clone_thread
        0x0f, 0x05, 0x48, (byte) 0x85, (byte) 0xc0, 0x75, 0x09, (byte) 0xb8, 0x22, 0x00, 0x00, 0x00,
        0x0f, 0x05, (byte) 0xeb, (byte) 0xf7, (byte) 0xcc
    };

    /** The ELF file: header, one PT_LOAD (R+X) covering the header and the code. */
    static byte[] elf() {
        int fileSize = CODE_OFFSET + CODE.length;
        ByteBuffer b = ByteBuffer.allocate(fileSize).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0}).putLong(0); // e_ident: 64-bit, LE, SysV
        b.putShort((short) 2).putShort((short) 62).putInt(1);           // ET_EXEC, EM_X86_64, EV_CURRENT
        b.putLong(ENTRY).putLong(64).putLong(0);                         // e_entry, e_phoff, e_shoff
        b.putInt(0).putShort((short) 64).putShort((short) 56);          // e_flags, e_ehsize, e_phentsize
        b.putShort((short) 1).putShort((short) 64).putShort((short) 0).putShort((short) 0);
        b.putInt(1).putInt(5);                                           // PT_LOAD, PF_R|PF_X
        b.putLong(0).putLong(BASE).putLong(BASE);                        // p_offset, p_vaddr, p_paddr
        b.putLong(fileSize).putLong(0x1000).putLong(0x1000);             // p_filesz, p_memsz, p_align
        b.position(CODE_OFFSET);
        b.put(CODE);
        return b.array();
    }
}
