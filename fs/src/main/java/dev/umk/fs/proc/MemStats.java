package dev.umk.fs.proc;

import static dev.umk.core.abi.Mman.*;

import java.util.List;

/**
 * The mm_struct counters status and statm print, derived from a task's memory areas the way
 * Linux classifies them (is_data_mapping, is_stack_mapping, is_exec_mapping) and its
 * resident pages split into anonymous, file and shmem pages, plus the RSS high-water mark
 * (VmHWM). The size peak is not tracked, so VmPeak equals VmSize. All sizes in pages.
 */
record MemStats(long totalVm, long lockedVm, long dataVm, long stackVm, long execVm, long textPages,
                long rss, long rssAnon, long rssFile, long rssShmem, long peakRss) {
    static final long PAGE = 4096;
    static final MemStats NONE = new MemStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    static MemStats of(TaskInfo t) {
        if (!t.hasMm()) return NONE;
        List<VmaInfo> vmas = t.vmas(true);
        long total = 0, locked = 0, data = 0, stack = 0, exec = 0, anon = 0, file = 0, shmem = 0;
        for (VmaInfo v : vmas) {
            long pages = v.length() / PAGE;
            total += pages;
            boolean write = (v.prot() & PROT_WRITE) != 0;
            boolean isStack = (v.flags() & VmaInfo.GROWSDOWN) != 0;
            if ((v.flags() & VmaInfo.LOCKED) != 0) locked += pages;
            if (isStack) stack += pages;
            else if (write && !v.shared()) data += pages;
            else if (!write && (v.prot() & PROT_EXEC) != 0) exec += pages;
            if (v.file() != null) file += v.rssPages();
            else if (v.shared()) shmem += v.rssPages();
            else anon += v.rssPages();
        }
        TaskInfo.MmFields mf = t.mmFields();
        long text = mf.endCode() == 0 ? 0
                : (pageUp(mf.endCode()) - (mf.startCode() & ~(PAGE - 1))) / PAGE;
        long rss = Math.max(t.residentPages(), anon + file + shmem);
        return new MemStats(total, locked, data, stack, exec, text, rss, rss - file - shmem, file, shmem,
                Math.max(rss, t.peakResidentPages()));
    }

    /** VmLib: executable mappings beyond the program's own text. */
    long libPages() {
        return Math.max(0, execVm - textPages);
    }

    private static long pageUp(long a) {
        return (a + PAGE - 1) & ~(PAGE - 1);
    }
}
