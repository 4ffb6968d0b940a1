package dev.umk.hostdrv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.umk.core.hw.Mmu;
import dev.umk.core.hw.PhysicalMemory;
import dev.umk.core.hw.Trap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs hand-assembled guest code in a real stub process. */
class PtracePlatformTest {
    static PtracePlatform platform;
    static final long CODE = 0x400000;

    @BeforeAll
    static void up() {
        platform = new PtracePlatform(64L << 20);
    }

    @AfterAll
    static void down() {
        platform.close();
    }

    private static PtraceCpu load(byte[] code) {
        PhysicalMemory pm = platform.physicalMemory();
        pm.write(0, code, 0, code.length);
        PtraceCpu cpu = platform.newProcess();
        cpu.mmu().map(CODE, 4096, 0, Mmu.PROT_READ | Mmu.PROT_EXEC);
        cpu.regs().rip = CODE;
        return cpu;
    }

    @Test
    void syscallStopsInKernelWithNumberAndArgs() {
        // mov eax,39; syscall; mov rdi,rax; mov eax,60; syscall
        byte[] code = {(byte) 0xb8, 39, 0, 0, 0, 0x0f, 0x05, 0x48, (byte) 0x89, (byte) 0xc7,
            (byte) 0xb8, 60, 0, 0, 0, 0x0f, 0x05};
        PtraceCpu cpu = load(code);
        Trap t = cpu.run();
        assertEquals(Trap.Kind.SYSCALL, t.kind);
        assertEquals(39, cpu.regs().origRax);
        cpu.regs().rax = 1234;
        t = cpu.run();
        assertEquals(Trap.Kind.SYSCALL, t.kind);
        assertEquals(60, cpu.regs().origRax);
        assertEquals(1234, cpu.regs().rdi);
        cpu.destroy();
    }

    @Test
    void writeToUnmappedPageFaultsWithAddress() {
        // mov rax, 0x500010; mov byte [rax], 1
        byte[] code = {0x48, (byte) 0xc7, (byte) 0xc0, 0x10, 0x00, 0x50, 0x00, (byte) 0xc6, 0x00, 0x01,
            (byte) 0xb8, 60, 0, 0, 0, 0x0f, 0x05};
        PtraceCpu cpu = load(code);
        Trap t = cpu.run();
        assertEquals(Trap.Kind.FAULT, t.kind);
        assertEquals(11, t.signo);
        assertEquals(1, t.code); // SEGV_MAPERR
        assertEquals(0x500010, t.addr);
        // Map the page and the guest continues.
        cpu.mmu().map(0x500000, 4096, 4096, Mmu.PROT_READ | Mmu.PROT_WRITE);
        t = cpu.run();
        assertEquals(Trap.Kind.SYSCALL, t.kind);
        assertEquals(60, cpu.regs().origRax);
        assertEquals(1, platform.physicalMemory().getByte(4096 + 0x10));
        cpu.destroy();
    }

    @Test
    void syscallRoundTripCost() {
        // loop: mov eax,110; syscall; dec rbx; jnz loop; mov eax,60; syscall
        byte[] code = {(byte) 0xb8, 110, 0, 0, 0, 0x0f, 0x05, 0x48, (byte) 0xff, (byte) 0xcb, 0x75, (byte) 0xf4,
            (byte) 0xb8, 60, 0, 0, 0, 0x0f, 0x05};
        PtraceCpu cpu = load(code);
        int n = 100_000;
        cpu.regs().rbx = n;
        long t0 = System.nanoTime();
        int calls = 0;
        for (;;) {
            Trap t = cpu.run();
            assertEquals(Trap.Kind.SYSCALL, t.kind);
            if (cpu.regs().origRax == 60) break;
            cpu.regs().rax = 1;
            calls++;
        }
        long ns = System.nanoTime() - t0;
        assertEquals(n, calls);
        System.out.println("getppid round trip: " + ns / n + " ns");
        cpu.destroy();
    }
}
