package dev.umk.hostdrv;

import dev.umk.core.hw.Mmu;
import dev.umk.core.hw.Trap;

/** Manual probe: the cost of one intercepted guest syscall on this machine. */
public final class SyscallLoop {
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        try (PtracePlatform p = new PtracePlatform(16L << 20)) {
            byte[] code = {(byte) 0xb8, 110, 0, 0, 0, 0x0f, 0x05, 0x48, (byte) 0xff, (byte) 0xcb, 0x75, (byte) 0xf4,
                (byte) 0xb8, 60, 0, 0, 0, 0x0f, 0x05};
            p.physicalMemory().write(0, code, 0, code.length);
            for (int round = 0; round < 3; round++) {
                PtraceCpu cpu = p.newProcess();
                cpu.mmu().map(0x400000, 4096, 0, Mmu.PROT_READ | Mmu.PROT_EXEC);
                cpu.regs().rip = 0x400000;
                cpu.regs().rbx = n;
                long t0 = System.nanoTime();
                for (;;) {
                    Trap t = cpu.run();
                    if (t.kind != Trap.Kind.SYSCALL || cpu.regs().origRax == 60) break;
                    cpu.regs().rax = 1;
                }
                System.out.println("round " + round + ": " + (System.nanoTime() - t0) / n + " ns/syscall");
                cpu.destroy();
            }
        }
    }
}
