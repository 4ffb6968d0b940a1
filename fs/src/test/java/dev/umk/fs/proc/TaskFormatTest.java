package dev.umk.fs.proc;

import static dev.umk.core.abi.FileFlags.*;
import static dev.umk.core.abi.Mman.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Stat;
import dev.umk.core.kernel.Credentials;
import dev.umk.fs.OpenFile;
import dev.umk.fs.VfsPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The text of the per-process files, checked against Linux 6.1's layouts. */
class TaskFormatTest extends ProcTestKit {
    private VfsPath prog;

    /** pid 42: a 2-page program text, a 4-page heap, a 33-page stack; 7 resident pages. */
    @BeforeEach
    void giveSelfAnAddressSpace() {
        writeFile("/tmp/prog", "ELF");
        OpenFile f = open("/tmp/prog", O_RDONLY, 0);
        prog = f.path();
        f.put();
        long dev = prog.mount().sb().dev();
        long ino = prog.inode().ino();
        self.vmas.add(new VmaInfo(0x400000, 0x402000, PROT_READ | PROT_EXEC, 0, 0, dev, ino, prog, "", 2));
        self.vmas.add(new VmaInfo(0x600000, 0x604000, PROT_READ | PROT_WRITE, 0, 0, 0, 0, null, "[heap]", 3));
        self.vmas.add(new VmaInfo(0x7ffffffde000L, 0x7ffffffff000L, PROT_READ | PROT_WRITE, VmaInfo.GROWSDOWN, 0, 0,
                0, null, "[stack]", 2));
        self.resident = 7;
        self.mmFields = new TaskInfo.MmFields(0x400000, 0x401800, 0x600000, 0x600100, 0x600000, 0x7fffffffe000L,
                0x7fffffffe100L, 0x7fffffffe110L, 0x7fffffffe110L, 0x7fffffffe130L);
        self.times = new TaskInfo.CpuTimes(250_000_000L, 120_000_000L, 0, 0);
        self.signals = new TaskInfo.SignalState(0, 0, 1L << 16, 1L << 12, 1L << 1, 0);
    }

    @Test
    void statusMatchesLinuxLayout() {
        String mems = "00000000,".repeat(31) + "00000001";
        String expected = "Name:\tinit\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t42\nNgid:\t0\nPid:\t42\nPPid:\t1\n"
                + "TracerPid:\t0\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nFDSize:\t64\nGroups:\t \n"
                + "NStgid:\t42\nNSpid:\t42\nNSpgid:\t42\nNSsid:\t42\n"
                + "VmPeak:\t     156 kB\nVmSize:\t     156 kB\nVmLck:\t       0 kB\nVmPin:\t       0 kB\n"
                + "VmHWM:\t      28 kB\nVmRSS:\t      28 kB\nRssAnon:\t      20 kB\nRssFile:\t       8 kB\n"
                + "RssShmem:\t       0 kB\nVmData:\t      16 kB\nVmStk:\t     132 kB\nVmExe:\t       8 kB\n"
                + "VmLib:\t       0 kB\nVmPTE:\t       4 kB\nVmSwap:\t       0 kB\nHugetlbPages:\t       0 kB\n"
                + "CoreDumping:\t0\nTHP_enabled:\t1\nThreads:\t1\nSigQ:\t0/63000\n"
                + "SigPnd:\t0000000000000000\nShdPnd:\t0000000000000000\nSigBlk:\t0000000000010000\n"
                + "SigIgn:\t0000000000001000\nSigCgt:\t0000000000000002\n"
                + "CapInh:\t0000000000000000\nCapPrm:\t000001ffffffffff\nCapEff:\t000001ffffffffff\n"
                + "CapBnd:\t000001ffffffffff\nCapAmb:\t0000000000000000\n"
                + "NoNewPrivs:\t0\nSeccomp:\t0\nSeccomp_filters:\t0\n"
                + "Speculation_Store_Bypass:\tthread vulnerable\nSpeculationIndirectBranch:\tconditional enabled\n"
                + "Cpus_allowed:\tf\nCpus_allowed_list:\t0-3\nMems_allowed:\t" + mems + "\nMems_allowed_list:\t0\n"
                + "voluntary_ctxt_switches:\t0\nnonvoluntary_ctxt_switches:\t0\n";
        assertEquals(expected, read("/proc/42/status"));
    }

    @Test
    void statusOfAnUnprivilegedZombieHasNoMemoryLines() {
        other.state = 'Z';
        other.hasMm = false;
        other.cred = new Credentials(1000, 1000, 1000, 1000, 100, 100, 100, 100, new int[] {4, 27});
        String s = read("/proc/7/status");
        assertTrue(s.contains("State:\tZ (zombie)\n"));
        assertTrue(s.contains("Groups:\t4 27 \n"), s);
        assertTrue(s.contains("CapPrm:\t0000000000000000\nCapEff:\t0000000000000000\n"));
        assertFalse(s.contains("VmSize"));
    }

    @Test
    void statusEscapesNewlinesAndBackslashesInTheName() {
        self.comm = "a\\b\nc".getBytes();
        assertTrue(read("/proc/self/status").startsWith("Name:\ta\\\\b\\nc\n"));
    }

    @Test
    void statHasLinuxs52Fields() {
        String expected = "42 (init) S 1 42 42 0 -1 4194304 0 0 0 0 25 12 0 0 20 0 1 0 150 159744 7 "
                + "18446744073709551615 4194304 4200448 140737488347136 0 0 0 65536 4096 2 1 0 0 17 0 0 0 0 0 0 "
                + "6291456 6291712 6291456 140737488347392 140737488347408 140737488347408 140737488347440 0\n";
        String stat = read("/proc/42/stat");
        assertEquals(expected, stat);
        assertEquals(52, stat.trim().split(" ").length);
    }

    @Test
    void statHidesAddressesFromOtherUsers() {
        FakeTask snoop = new FakeTask(99, 99, fs);
        snoop.cred = OTHER;
        procs.add(snoop);
        procs.current = snoop;
        String[] f = read("/proc/42/stat").trim().split(" ");
        assertEquals("1", f[25], "startcode");
        assertEquals("1", f[26], "endcode");
        assertEquals("0", f[27], "startstack");
        assertEquals("0", f[34], "wchan");
        assertEquals("0", f[44], "start_data");
    }

    @Test
    void statKeepsSpacesAndParenthesesOfTheName() {
        self.comm = "a (b) c".getBytes();
        assertTrue(read("/proc/self/stat").startsWith("42 (a (b) c) S "));
    }

    @Test
    void statmCountsPages() {
        assertEquals("39 7 2 2 0 37 0\n", read("/proc/42/statm"));
    }

    @Test
    void mapsLinesPadTheNameToColumn73() {
        Stat st = stat("/tmp/prog");
        String dev = String.format("%02x:%02x", Stat.major(st.dev), Stat.minor(st.dev));
        String expected = String.format("%-72s %s%n", "00400000-00402000 r-xp 00000000 " + dev + " " + st.ino + " ",
                "/tmp/prog")
                + String.format("%-72s %s%n", "00600000-00604000 rw-p 00000000 00:00 0 ", "[heap]")
                + String.format("%-72s %s%n", "7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0 ", "[stack]");
        assertEquals(expected, read("/proc/self/maps"));
    }

    @Test
    void mapsShowsAnonymousAreasWithATrailingSpace() {
        self.vmas.clear();
        self.vmas.add(new VmaInfo(0x10000, 0x11000, PROT_NONE, VmaInfo.SHARED, 0, 0, 0, null, "", 0));
        assertEquals("00010000-00011000 ---s 00000000 00:00 0 \n", read("/proc/self/maps"));
    }

    @Test
    void smapsPrintsEachAreasCounters() {
        String smaps = read("/proc/self/smaps");
        String heap = smaps.substring(smaps.indexOf("00600000-"));
        heap = heap.substring(heap.indexOf('\n') + 1, heap.indexOf("7ffffffde000-"));
        String expected = "Size:                 16 kB\nKernelPageSize:        4 kB\nMMUPageSize:           4 kB\n"
                + "Rss:                  12 kB\nPss:                  12 kB\nPss_Dirty:            12 kB\n"
                + "Shared_Clean:          0 kB\nShared_Dirty:          0 kB\nPrivate_Clean:         0 kB\n"
                + "Private_Dirty:        12 kB\nReferenced:           12 kB\nAnonymous:            12 kB\n"
                + "LazyFree:              0 kB\nAnonHugePages:         0 kB\nShmemPmdMapped:        0 kB\n"
                + "FilePmdMapped:         0 kB\nShared_Hugetlb:        0 kB\nPrivate_Hugetlb:       0 kB\n"
                + "Swap:                  0 kB\nSwapPss:               0 kB\nLocked:                0 kB\n"
                + "THPeligible:    0\nVmFlags: rd wr mr mw me ac \n";
        assertEquals(expected, heap);
        assertTrue(smaps.contains("VmFlags: rd ex mr mw me \n"), "text");
        assertTrue(smaps.contains("VmFlags: rd wr mr mw me gd ac \n"), "stack");
        assertTrue(smaps.contains("Private_Clean:         8 kB\n"), "file pages are clean");
    }

    @Test
    void smapsRollupSumsEveryArea() {
        String r = read("/proc/self/smaps_rollup");
        String first = String.format("%-72s [rollup]%n", "00400000-7ffffffff000 ---p 00000000 00:00 0 ");
        assertTrue(r.startsWith(first), r);
        assertTrue(r.contains("\nRss:                  28 kB\nPss:                  28 kB\nPss_Dirty:            20 kB\n"
                + "Pss_Anon:             20 kB\nPss_File:              8 kB\nPss_Shmem:             0 kB\n"), r);
        assertTrue(r.endsWith("Locked:                0 kB\n"));
    }

    @Test
    void limitsTableMatchesLinux() {
        String expected = "Limit                     Soft Limit           Hard Limit           Units     \n"
                + "Max cpu time              unlimited            unlimited            seconds   \n"
                + "Max file size             unlimited            unlimited            bytes     \n"
                + "Max data size             unlimited            unlimited            bytes     \n"
                + "Max stack size            8388608              unlimited            bytes     \n"
                + "Max core file size        0                    unlimited            bytes     \n"
                + "Max resident set          unlimited            unlimited            bytes     \n"
                + "Max processes             unlimited            unlimited            processes \n"
                + "Max open files            1024                 1048576              files     \n"
                + "Max locked memory         unlimited            unlimited            bytes     \n"
                + "Max address space         unlimited            unlimited            bytes     \n"
                + "Max file locks            unlimited            unlimited            locks     \n"
                + "Max pending signals       63000                63000                signals   \n"
                + "Max msgqueue size         unlimited            unlimited            bytes     \n"
                + "Max nice priority         unlimited            unlimited            \n"
                + "Max realtime priority     unlimited            unlimited            \n"
                + "Max realtime timeout      unlimited            unlimited            us        \n";
        assertEquals(expected, read("/proc/self/limits"));
    }

    @Test
    void cmdlineEnvironAndAuxvAreRawBytes() {
        assertEquals("/bin/init\0-v\0", read("/proc/self/cmdline"));
        assertEquals("HOME=/\0PATH=/bin\0", read("/proc/self/environ"));
        byte[] auxv = readBytes("/proc/self/auxv");
        assertEquals(32, auxv.length);
        assertEquals(6, auxv[0]);
        assertEquals(0x10, auxv[9], "4096 little-endian");
        self.hasMm = false;
        assertEquals("", read("/proc/self/cmdline"), "a zombie has no command line");
    }

    @Test
    void mountsAndMountinfoShowTheTasksView() {
        int rootId = vfs.namespace().root().id();
        int procId = vfs.namespace().mounts().get(1).id();
        long procDev = vfs.namespace().mounts().get(1).sb().dev();
        String[] mounts = read("/proc/self/mounts").split("\n");
        assertEquals(2, mounts.length);
        assertTrue(mounts[0].startsWith("rootfs / tmpfs rw,relatime") && mounts[0].endsWith(" 0 0"), mounts[0]);
        assertEquals("proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0", mounts[1]);
        String info = read("/proc/self/mountinfo");
        String procLine = procId + " " + rootId + " 0:" + Stat.minor(procDev)
                + " / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw\n";
        assertTrue(info.startsWith(rootId + " " + rootId + " 0:"), info);
        assertTrue(info.endsWith(procLine), info);
    }

    @Test
    void mountinfoEscapesSpacesInPaths() {
        mkdir("/tmp/my dir", 0755);
        vfs.mount(fs, ROOT, "tmpfs", null, "/tmp/my dir", "tmpfs", 0, "");
        assertTrue(read("/proc/self/mountinfo").contains(" /tmp/my\\040dir rw,relatime - tmpfs tmpfs rw"));
    }
}
