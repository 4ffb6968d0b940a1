package dev.umk.core.kernel;

import java.util.Arrays;

/**
 * A task's identity for permission checks (Linux {@code struct cred}): real, effective,
 * saved and filesystem user and group ids plus supplementary groups. Immutable: a change
 * (setuid, setgroups...) makes a new Credentials, so a file opened earlier keeps the
 * credentials it was opened with.
 *
 * <p>Capabilities are the five Linux sets (effective, permitted, inheritable, bounding,
 * ambient). Credentials built from ids alone start with root's traditional sets (every
 * capability when a uid is 0); id changes then move them as commoncap's cap_task_fix_setuid
 * does, so dropping root clears them and the filesystem capabilities follow the fsuid.
 * {@link #capable} asks the effective set.
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
    public static final int CAP_SETPCAP = 8;
    public static final int CAP_LINUX_IMMUTABLE = 9;
    public static final int CAP_NET_RAW = 13;
    public static final int CAP_SYS_CHROOT = 18;
    public static final int CAP_SYS_ADMIN = 21;
    public static final int CAP_SYS_NICE = 23;
    public static final int CAP_SYS_RESOURCE = 24;
    public static final int CAP_MKNOD = 27;
    public static final int CAP_MAC_OVERRIDE = 32;
    /** CAP_CHECKPOINT_RESTORE, the highest capability Linux 6.1 knows. */
    public static final int CAP_LAST_CAP = 40;
    /** Every valid capability. */
    public static final long ALL_CAPS = (1L << (CAP_LAST_CAP + 1)) - 1;

    /** Capabilities that follow the fsuid (the kernel's CAP_FS_MASK). */
    private static final long FS_CAPS = (1L << CAP_CHOWN) | (1L << CAP_DAC_OVERRIDE)
            | (1L << CAP_DAC_READ_SEARCH) | (1L << CAP_FOWNER) | (1L << CAP_FSETID)
            | (1L << CAP_LINUX_IMMUTABLE) | (1L << CAP_MKNOD) | (1L << CAP_MAC_OVERRIDE);

    private static final Credentials ROOT = new Credentials(0, 0, 0, 0, 0, 0, 0, 0, new int[0]);

    private final int ruid, euid, suid, fsuid;
    private final int rgid, egid, sgid, fsgid;
    private final int[] groups;
    private final long capEff, capPrm, capInh, capBnd, capAmb;

    /** Ids with root's traditional capabilities: all permitted if a uid is 0, effective per euid/fsuid. */
    public Credentials(int ruid, int euid, int suid, int fsuid,
                       int rgid, int egid, int sgid, int fsgid, int[] groups) {
        this(ruid, euid, suid, fsuid, rgid, egid, sgid, fsgid, groups,
                rootEffective(euid, fsuid), rootPermitted(ruid, euid, suid, fsuid), 0, ALL_CAPS, 0);
    }

    private Credentials(int ruid, int euid, int suid, int fsuid, int rgid, int egid, int sgid,
                        int fsgid, int[] groups, long eff, long prm, long inh, long bnd, long amb) {
        this.capEff = eff;
        this.capPrm = prm;
        this.capInh = inh;
        this.capBnd = bnd;
        this.capAmb = amb;
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

    private static long rootPermitted(int ruid, int euid, int suid, int fsuid) {
        return ruid == 0 || euid == 0 || suid == 0 || fsuid == 0 ? ALL_CAPS : 0;
    }

    private static long rootEffective(int euid, int fsuid) {
        long eff = euid == 0 ? ALL_CAPS : 0;
        return fsuid == 0 ? eff | FS_CAPS : eff & ~FS_CAPS;
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

    /** Whether capability {@code cap} is in the effective set. */
    public boolean capable(int cap) {
        return cap >= 0 && cap <= CAP_LAST_CAP && (capEff & (1L << cap)) != 0;
    }

    public long capEffective() { return capEff; }
    public long capPermitted() { return capPrm; }
    public long capInheritable() { return capInh; }
    public long capBounding() { return capBnd; }
    public long capAmbient() { return capAmb; }

    /**
     * The credentials access(2) checks with: fsuid and fsgid replaced by the real ids, and
     * the effective set that of the real uid (the permitted set if it is 0, else none).
     */
    public Credentials forAccess() {
        return new Credentials(ruid, euid, suid, ruid, rgid, egid, sgid, rgid, groups,
                ruid == 0 ? capPrm : 0, capPrm, capInh, capBnd, capAmb);
    }

    /** setfsuid: the filesystem capabilities leave pE when fsuid leaves 0 and return from pP when it comes back. */
    public Credentials withFsuid(int uid) {
        long eff = capEff;
        if (fsuid == 0 && uid != 0) eff &= ~FS_CAPS;
        if (fsuid != 0 && uid == 0) eff |= capPrm & FS_CAPS;
        return new Credentials(ruid, euid, suid, uid, rgid, egid, sgid, fsgid, groups, eff, capPrm, capInh, capBnd, capAmb);
    }

    public Credentials withFsgid(int gid) {
        return new Credentials(ruid, euid, suid, fsuid, rgid, egid, sgid, gid, groups, capEff, capPrm, capInh, capBnd, capAmb);
    }

    /** A set*uid change without PR_SET_KEEPCAPS. */
    public Credentials withUids(int r, int e, int s, int fs) {
        return withUids(r, e, s, fs, false);
    }

    /**
     * A set*uid change (cap_emulate_setxuid): leaving uid 0 in all of real, effective and saved
     * clears pP and pE (unless {@code keepCaps}) and pA; euid leaving 0 clears pE; euid
     * becoming 0 copies pP into pE.
     */
    public Credentials withUids(int r, int e, int s, int fs, boolean keepCaps) {
        long eff = capEff, prm = capPrm, amb = capAmb;
        boolean wasRoot = ruid == 0 || euid == 0 || suid == 0;
        if (wasRoot && r != 0 && e != 0 && s != 0) {
            if (!keepCaps) {
                prm = 0;
                eff = 0;
            }
            amb = 0;
        }
        if (euid == 0 && e != 0) eff = 0;
        if (euid != 0 && e == 0) eff = prm;
        return new Credentials(r, e, s, fs, rgid, egid, sgid, fsgid, groups, eff, prm, capInh, capBnd, amb);
    }

    public Credentials withGids(int r, int e, int s, int fs) {
        return new Credentials(ruid, euid, suid, fsuid, r, e, s, fs, groups, capEff, capPrm, capInh, capBnd, capAmb);
    }

    public Credentials withGroups(int[] newGroups) {
        return new Credentials(ruid, euid, suid, fsuid, rgid, egid, sgid, fsgid, newGroups, capEff, capPrm, capInh, capBnd, capAmb);
    }

    /** New effective, permitted and inheritable sets (capset); the ambient set keeps only what pP and pI both hold. */
    public Credentials withCaps(long eff, long prm, long inh) {
        return new Credentials(ruid, euid, suid, fsuid, rgid, egid, sgid, fsgid, groups,
                eff & ALL_CAPS, prm & ALL_CAPS, inh & ALL_CAPS, capBnd, capAmb & prm & inh);
    }

    /** A new bounding set (PR_CAPBSET_DROP). */
    public Credentials withBounding(long bnd) {
        return new Credentials(ruid, euid, suid, fsuid, rgid, egid, sgid, fsgid, groups, capEff, capPrm, capInh, bnd & ALL_CAPS, capAmb);
    }

    /** A new ambient set (PR_CAP_AMBIENT); the caller checks it is within pP and pI. */
    public Credentials withAmbient(long amb) {
        return new Credentials(ruid, euid, suid, fsuid, rgid, egid, sgid, fsgid, groups, capEff, capPrm, capInh, capBnd, amb & ALL_CAPS);
    }

    /**
     * The sets after execve of a file without set-id bits or file capabilities
     * (cap_bprm_creds_from_file): root (real or effective uid 0) is treated as running a file
     * with every capability, so pP = pI | bounding, pE = pP if the euid is 0, and pA is
     * cleared; others keep their ambient set as pP and pE. The saved and filesystem ids
     * become the effective ones, as execve sets them.
     */
    public Credentials forExec() {
        long prm, eff, amb = capAmb;
        if (euid == 0 || ruid == 0) {
            prm = (capInh | capBnd) & ALL_CAPS;
            eff = euid == 0 ? prm : 0;
            amb = 0;
        } else {
            prm = capAmb;
            eff = capAmb;
        }
        return new Credentials(ruid, euid, euid, euid, rgid, egid, egid, egid, groups, eff, prm, capInh, capBnd, amb);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Credentials c && ruid == c.ruid && euid == c.euid && suid == c.suid
                && fsuid == c.fsuid && rgid == c.rgid && egid == c.egid && sgid == c.sgid
                && fsgid == c.fsgid && Arrays.equals(groups, c.groups) && capEff == c.capEff
                && capPrm == c.capPrm && capInh == c.capInh && capBnd == c.capBnd && capAmb == c.capAmb;
    }

    @Override
    public int hashCode() {
        return ((ruid * 31 + euid) * 31 + fsuid) * 31 + fsgid;
    }

    @Override
    public String toString() {
        return "uid=" + ruid + "/" + euid + "/" + suid + "/" + fsuid + " gid=" + rgid + "/" + egid
                + "/" + sgid + "/" + fsgid + " groups=" + Arrays.toString(groups)
                + " caps=" + Long.toHexString(capEff) + "/" + Long.toHexString(capPrm);
    }
}
