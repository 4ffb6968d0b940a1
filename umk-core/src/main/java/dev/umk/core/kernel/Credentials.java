package dev.umk.core.kernel;

import java.util.Arrays;

/**
 * A task's identity for permission checks (Linux {@code struct cred}): real, effective,
 * saved and filesystem user and group ids plus supplementary groups. Immutable: a change
 * (setuid, setgroups...) makes a new Credentials, so a file opened earlier keeps the
 * credentials it was opened with.
 *
 * <p>Capabilities follow the traditional root model: a task with euid 0 holds every
 * capability, and the filesystem capabilities (CAP_CHOWN, CAP_DAC_OVERRIDE, ...) follow the
 * fsuid instead, as Linux does when it drops them on a switch of fsuid away from 0.
 */
public final class Credentials {
    public static final int CAP_CHOWN = 0;
    public static final int CAP_DAC_OVERRIDE = 1;
    public static final int CAP_DAC_READ_SEARCH = 2;
    public static final int CAP_FOWNER = 3;
    public static final int CAP_FSETID = 4;
    public static final int CAP_KILL = 5;
    public static final int CAP_SETGID = 6;
    public static final int CAP_SETUID = 7;
    public static final int CAP_LINUX_IMMUTABLE = 9;
    public static final int CAP_SYS_CHROOT = 18;
    public static final int CAP_SYS_ADMIN = 21;
    public static final int CAP_SYS_RESOURCE = 24;
    public static final int CAP_MKNOD = 27;
    public static final int CAP_MAC_OVERRIDE = 32;

    /** Capabilities that follow the fsuid (the kernel's CAP_FS_MASK). */
    private static final long FS_CAPS = (1L << CAP_CHOWN) | (1L << CAP_DAC_OVERRIDE)
            | (1L << CAP_DAC_READ_SEARCH) | (1L << CAP_FOWNER) | (1L << CAP_FSETID)
            | (1L << CAP_LINUX_IMMUTABLE) | (1L << CAP_MKNOD) | (1L << CAP_MAC_OVERRIDE);

    private static final Credentials ROOT = new Credentials(0, 0, 0, 0, 0, 0, 0, 0, new int[0]);

    private final int ruid, euid, suid, fsuid;
    private final int rgid, egid, sgid, fsgid;
    private final int[] groups;

    public Credentials(int ruid, int euid, int suid, int fsuid,
                       int rgid, int egid, int sgid, int fsgid, int[] groups) {
        this.ruid = ruid;
        this.euid = euid;
        this.suid = suid;
        this.fsuid = fsuid;
        this.rgid = rgid;
        this.egid = egid;
        this.sgid = sgid;
        this.fsgid = fsgid;
        this.groups = groups.clone();
    }

    /** uid 0, gid 0, no supplementary groups. */
    public static Credentials root() {
        return ROOT;
    }

    /** All four uids {@code uid}, all four gids {@code gid}. */
    public static Credentials of(int uid, int gid, int... groups) {
        return new Credentials(uid, uid, uid, uid, gid, gid, gid, gid, groups);
    }

    public int ruid() { return ruid; }
    public int euid() { return euid; }
    public int suid() { return suid; }
    public int fsuid() { return fsuid; }
    public int rgid() { return rgid; }
    public int egid() { return egid; }
    public int sgid() { return sgid; }
    public int fsgid() { return fsgid; }

    /** A copy of the supplementary groups. */
    public int[] groups() { return groups.clone(); }

    /** True when euid or fsuid is 0 (the brief's "root"). */
    public boolean isRoot() {
        return euid == 0 || fsuid == 0;
    }

    /** Linux in_group_p: the fsgid or a supplementary group is {@code gid}. */
    public boolean inGroup(int gid) {
        if (gid == fsgid) return true;
        for (int g : groups) if (g == gid) return true;
        return false;
    }

    /** Whether the task holds capability {@code cap} (see the class comment for the model). */
    public boolean capable(int cap) {
        if (cap >= 0 && cap < 64 && (FS_CAPS & (1L << cap)) != 0) return fsuid == 0;
        return euid == 0;
    }

    /**
     * The credentials access(2) checks with: fsuid and fsgid replaced by the real ids (and
     * so, in this model, root's filesystem capabilities only when the real uid is 0).
     */
    public Credentials forAccess() {
        return new Credentials(ruid, euid, suid, ruid, rgid, egid, sgid, rgid, groups);
    }

    public Credentials withFsuid(int uid) {
        return new Credentials(ruid, euid, suid, uid, rgid, egid, sgid, fsgid, groups);
    }

    public Credentials withFsgid(int gid) {
        return new Credentials(ruid, euid, suid, fsuid, rgid, egid, sgid, gid, groups);
    }

    public Credentials withUids(int r, int e, int s, int fs) {
        return new Credentials(r, e, s, fs, rgid, egid, sgid, fsgid, groups);
    }

    public Credentials withGids(int r, int e, int s, int fs) {
        return new Credentials(ruid, euid, suid, fsuid, r, e, s, fs, groups);
    }

    public Credentials withGroups(int[] newGroups) {
        return new Credentials(ruid, euid, suid, fsuid, rgid, egid, sgid, fsgid, newGroups);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Credentials c && ruid == c.ruid && euid == c.euid && suid == c.suid
                && fsuid == c.fsuid && rgid == c.rgid && egid == c.egid && sgid == c.sgid
                && fsgid == c.fsgid && Arrays.equals(groups, c.groups);
    }

    @Override
    public int hashCode() {
        return ((ruid * 31 + euid) * 31 + fsuid) * 31 + fsgid;
    }

    @Override
    public String toString() {
        return "uid=" + ruid + "/" + euid + "/" + suid + "/" + fsuid + " gid=" + rgid + "/" + egid
                + "/" + sgid + "/" + fsgid + " groups=" + Arrays.toString(groups);
    }
}
