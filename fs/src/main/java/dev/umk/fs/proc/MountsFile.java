package dev.umk.fs.proc;

import static dev.umk.fs.MountFlags.*;

import dev.umk.core.abi.Stat;
import dev.umk.fs.Dentry;
import dev.umk.fs.FsContext;
import dev.umk.fs.Mount;
import dev.umk.fs.Vfs;

/**
 * /proc/PID/mounts and /proc/PID/mountinfo: the mounts visible from the task's root
 * (fs/proc_namespace.c show_vfsmnt and show_mountinfo). umk has no mount propagation, so
 * mountinfo lines carry no optional fields.
 */
final class MountsFile {
    private MountsFile() {}

    static byte[] mounts(Vfs vfs, TaskInfo t) {
        ProcText o = new ProcText();
        for (String line : vfs.mountsTable(t.fs())) o.put(line).nl();
        return o.bytes();
    }

    /** "id parent major:minor root mountpoint mount-options - fstype source super-options". */
    static byte[] mountinfo(Vfs vfs, TaskInfo t) {
        FsContext fs = t.fs();
        ProcText o = new ProcText();
        for (Mount m : vfs.namespace().mounts()) {
            String where = vfs.pathOf(fs, m.rootPath());
            if (where.startsWith("(unreachable)")) continue;
            Mount parent = m.parent();
            long dev = m.sb().dev();
            o.put(m.id()).put(' ').put(parent == null ? m.id() : parent.id());
            o.put(' ').put(Stat.major(dev)).put(':').put(Stat.minor(dev));
            o.put(' ').put(escape(rootInSuperBlock(m.root()))).put(' ').put(escape(where));
            o.put(' ').put(mountOptions(m)).put(" - ").put(m.sb().type());
            o.put(' ').put(escape(m.sb().source())).put(' ').put(superOptions(m)).nl();
        }
        return o.bytes();
    }

    /** The mount's root as a path inside its filesystem ("/" unless a bind mount of a subtree). */
    private static String rootInSuperBlock(Dentry d) {
        if (d.isRoot()) return "/";
        StringBuilder sb = new StringBuilder();
        for (; !d.isRoot(); d = d.parent()) sb.insert(0, d.name()).insert(0, '/');
        return sb.toString();
    }

    /** Per-mount flags, as show_mnt_opts prints them. */
    private static String mountOptions(Mount m) {
        long f = m.flags();
        StringBuilder sb = new StringBuilder((f & MS_RDONLY) != 0 ? "ro" : "rw");
        if ((f & MS_NOSUID) != 0) sb.append(",nosuid");
        if ((f & MS_NODEV) != 0) sb.append(",nodev");
        if ((f & MS_NOEXEC) != 0) sb.append(",noexec");
        if ((f & MS_NOATIME) != 0) sb.append(",noatime");
        if ((f & MS_NODIRATIME) != 0) sb.append(",nodiratime");
        if ((f & (MS_NOATIME | MS_STRICTATIME)) == 0) sb.append(",relatime");
        if ((f & MS_NOSYMFOLLOW) != 0) sb.append(",nosymfollow");
        return sb.toString();
    }

    /** Superblock flags and the filesystem's own options. */
    private static String superOptions(Mount m) {
        String extra = m.sb().options();
        String ro = m.sb().readOnly() ? "ro" : "rw";
        return extra.isEmpty() ? ro : ro + "," + extra;
    }

    /** Octal escapes for space, tab, newline and backslash (mangle_path with " \t\n\\"). */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\\') {
                sb.append('\\').append((char) ('0' + ((c >> 6) & 7))).append((char) ('0' + ((c >> 3) & 7)))
                        .append((char) ('0' + (c & 7)));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
