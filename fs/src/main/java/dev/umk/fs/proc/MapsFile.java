package dev.umk.fs.proc;

import static dev.umk.core.abi.Mman.*;

import dev.umk.core.abi.Stat;
import dev.umk.fs.FsContext;
import dev.umk.fs.Vfs;
import java.util.List;

/**
 * /proc/PID/maps, smaps and smaps_rollup (fs/proc/task_mmu.c). Each area's line pads to
 * column 73 before the name, as Linux's seq_pad does.
 *
 * <p>umk does not know which resident pages are dirty or how many processes map each one, so
 * smaps counts private anonymous pages as Private_Dirty, private file pages as
 * Private_Clean, shared pages as Shared (Dirty for shmem, Clean for files), and Pss as Rss.
 */
final class MapsFile {
    /** seq_setwidth(m, 25 + sizeof(void *) * 6 - 1): where the name column starts, minus one. */
    private static final int NAME_COLUMN = 72;
    private static final long KB_PER_PAGE = 4;

    private MapsFile() {}

    static byte[] maps(Vfs vfs, TaskInfo t) {
        ProcText o = new ProcText();
        if (!t.hasMm()) return o.bytes();
        FsContext fs = t.fs();
        for (VmaInfo v : t.vmas(false)) line(o, vfs, fs, v);
        return o.bytes();
    }

    static byte[] smaps(Vfs vfs, TaskInfo t) {
        ProcText o = new ProcText();
        if (!t.hasMm()) return o.bytes();
        FsContext fs = t.fs();
        for (VmaInfo v : t.vmas(true)) {
            line(o, vfs, fs, v);
            o.kb("Size:           ", v.length() / 1024);
            o.kb("KernelPageSize: ", 4);
            o.kb("MMUPageSize:    ", 4);
            Counts c = new Counts();
            c.add(v);
            c.print(o, false);
            o.put("THPeligible:    0").nl();
            o.put("VmFlags: ").put(vmFlags(v)).nl();
        }
        return o.bytes();
    }

    static byte[] smapsRollup(TaskInfo t) {
        ProcText o = new ProcText();
        if (!t.hasMm()) return o.bytes();
        List<VmaInfo> vmas = t.vmas(true);
        if (vmas.isEmpty()) return o.bytes();
        header(o, vmas.get(0).start(), vmas.get(vmas.size() - 1).end(), "---p", 0, 0, 0);
        o.padTo(NAME_COLUMN).put(" [rollup]").nl();
        Counts c = new Counts();
        for (VmaInfo v : vmas) c.add(v);
        c.print(o, true);
        return o.bytes();
    }

    private static void line(ProcText o, Vfs vfs, FsContext fs, VmaInfo v) {
        header(o, v.start(), v.end(), perms(v), v.offset(), v.dev(), v.ino());
        String name = v.file() != null ? escapeNewlines(vfs.pathOf(fs, v.file())) : v.name();
        if (!name.isEmpty()) o.padTo(NAME_COLUMN).put(' ').put(name);
        o.nl();
    }

    private static void header(ProcText o, long start, long end, String perms, long off, long dev, long ino) {
        o.hex(start, 8).put('-').hex(end, 8).put(' ').put(perms).put(' ').hex(off, 8);
        o.put(' ').hex(Stat.major(dev), 2).put(':').hex(Stat.minor(dev), 2).put(' ').put(ino).put(' ');
    }

    static String perms(VmaInfo v) {
        int p = v.prot();
        return new String(new char[] {
            (p & PROT_READ) != 0 ? 'r' : '-',
            (p & PROT_WRITE) != 0 ? 'w' : '-',
            (p & PROT_EXEC) != 0 ? 'x' : '-',
            v.shared() ? 's' : 'p'});
    }

    /** The VmFlags mnemonics umk's areas can have, in Linux's bit order, each followed by a space. */
    static String vmFlags(VmaInfo v) {
        StringBuilder sb = new StringBuilder();
        int p = v.prot();
        boolean write = (p & PROT_WRITE) != 0;
        if ((p & PROT_READ) != 0) sb.append("rd ");
        if (write) sb.append("wr ");
        if ((p & PROT_EXEC) != 0) sb.append("ex ");
        if (v.shared()) sb.append("sh ");
        sb.append("mr mw me ");
        if (v.shared()) sb.append("ms ");
        if ((v.flags() & VmaInfo.GROWSDOWN) != 0) sb.append("gd ");
        if ((v.flags() & VmaInfo.LOCKED) != 0) sb.append("lo ");
        if ((v.flags() & VmaInfo.DONTCOPY) != 0) sb.append("dc ");
        if (write && (!v.shared() || v.file() == null)) sb.append("ac ");
        if ((v.flags() & VmaInfo.WIPEONFORK) != 0) sb.append("wf ");
        return sb.toString();
    }

    /** seq_file_path escapes newlines in names as octal. */
    private static String escapeNewlines(String s) {
        return s.indexOf('\n') < 0 ? s : s.replace("\n", "\\012");
    }

    /** The per-area or summed page counts of smaps, in pages. */
    private static final class Counts {
        long rss, anonPss, filePss, shmemPss, sharedClean, sharedDirty, privateClean, privateDirty, locked;

        void add(VmaInfo v) {
            long r = v.rssPages();
            rss += r;
            if (v.file() == null && v.shared()) {
                shmemPss += r;
                sharedDirty += r;
            } else if (v.file() != null) {
                filePss += r;
                if (v.shared()) sharedClean += r;
                else privateClean += r;
            } else {
                anonPss += r;
                privateDirty += r;
            }
            if ((v.flags() & VmaInfo.LOCKED) != 0) locked += r;
        }

        void print(ProcText o, boolean rollup) {
            o.kb("Rss:            ", rss * KB_PER_PAGE);
            o.kb("Pss:            ", rss * KB_PER_PAGE);
            o.kb("Pss_Dirty:      ", (sharedDirty + privateDirty) * KB_PER_PAGE);
            if (rollup) {
                o.kb("Pss_Anon:       ", anonPss * KB_PER_PAGE);
                o.kb("Pss_File:       ", filePss * KB_PER_PAGE);
                o.kb("Pss_Shmem:      ", shmemPss * KB_PER_PAGE);
            }
            o.kb("Shared_Clean:   ", sharedClean * KB_PER_PAGE);
            o.kb("Shared_Dirty:   ", sharedDirty * KB_PER_PAGE);
            o.kb("Private_Clean:  ", privateClean * KB_PER_PAGE);
            o.kb("Private_Dirty:  ", privateDirty * KB_PER_PAGE);
            o.kb("Referenced:     ", rss * KB_PER_PAGE);
            o.kb("Anonymous:      ", anonPss * KB_PER_PAGE);
            o.kb("LazyFree:       ", 0);
            o.kb("AnonHugePages:  ", 0);
            o.kb("ShmemPmdMapped: ", 0);
            o.kb("FilePmdMapped:  ", 0);
            o.kb("Shared_Hugetlb: ", 0);
            o.put("Private_Hugetlb: ").dec(0, 7).put(" kB").nl();
            o.kb("Swap:           ", 0);
            o.kb("SwapPss:        ", 0);
            o.kb("Locked:         ", locked * KB_PER_PAGE);
        }
    }
}
