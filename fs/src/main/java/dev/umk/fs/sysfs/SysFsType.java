package dev.umk.fs.sysfs;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.FileSystemType;
import dev.umk.fs.FsClock;
import dev.umk.fs.MountFlags;
import dev.umk.fs.SuperBlock;

/** The "sysfs" filesystem type; it takes no mount options. */
public final class SysFsType implements FileSystemType {
    private final FsClock clock;
    private final int cpus;

    /** @param cpus the number of vCPUs the guest sees */
    public SysFsType(FsClock clock, int cpus) {
        this.clock = clock;
        this.cpus = cpus;
    }

    @Override
    public String name() {
        return "sysfs";
    }

    @Override
    public SuperBlock mount(String source, long flags, String data) {
        if (data != null && !data.isEmpty()) throw new ErrnoException(Errno.EINVAL, "sysfs option " + data);
        SysFs sb = new SysFs(clock, source, cpus);
        sb.setReadOnly((flags & MountFlags.MS_RDONLY) != 0);
        return sb;
    }
}
