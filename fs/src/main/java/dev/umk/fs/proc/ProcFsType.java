package dev.umk.fs.proc;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.FileSystemType;
import dev.umk.fs.FsClock;
import dev.umk.fs.MountFlags;
import dev.umk.fs.SuperBlock;

/**
 * The "proc" filesystem type: every mount gets its own superblock over the same processes,
 * as Linux 5.8+ does. Of the mount options only hidepid=0 / hidepid=off and gid= are taken
 * (they change nothing); hiding other users' processes is not implemented, so asking for it
 * fails with EINVAL rather than being silently ignored.
 */
public final class ProcFsType implements FileSystemType {
    private final ProcEnv env;
    private final FsClock clock;

    public ProcFsType(ProcEnv env, FsClock clock) {
        this.env = env;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "proc";
    }

    @Override
    public SuperBlock mount(String source, long flags, String data) {
        checkOptions(data);
        ProcSuperBlock sb = new ProcSuperBlock(env, clock, source);
        sb.setReadOnly((flags & MountFlags.MS_RDONLY) != 0);
        return sb;
    }

    private static void checkOptions(String data) {
        if (data == null || data.isEmpty()) return;
        for (String opt : data.split(",")) {
            if (opt.isEmpty() || opt.equals("hidepid=0") || opt.equals("hidepid=off")) continue;
            if (opt.startsWith("gid=") && opt.length() > 4 && opt.substring(4).chars().allMatch(Character::isDigit)) {
                continue;
            }
            throw new ErrnoException(Errno.EINVAL, "proc option " + opt);
        }
    }
}
