package dev.umk.sched.coredump;

/**
 * One memory area as a PT_LOAD of a core file.
 *
 * @param start first address (page-aligned)
 * @param end   first address past the area
 * @param flags PF_R / PF_W / PF_X
 * @param dump  whether the contents go into the file (p_filesz = p_memsz), or only the
 *     header (p_filesz = 0), as for unreadable areas
 */
public record CoreSegment(long start, long end, int flags, boolean dump) {
    public static final int PF_X = 1, PF_W = 2, PF_R = 4;

    public long memsz() {
        return end - start;
    }

    public long filesz() {
        return dump ? end - start : 0;
    }
}
