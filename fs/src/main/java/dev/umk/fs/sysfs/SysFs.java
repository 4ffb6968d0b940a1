package dev.umk.fs.sysfs;

import dev.umk.fs.FsClock;
import dev.umk.fs.Names;
import dev.umk.fs.proc.CpuList;
import dev.umk.fs.proc.PseudoSuperBlock;
import dev.umk.fs.proc.StaticDir;

/**
 * One mounted sysfs: the top-level directories Linux has, and under devices/system/cpu what
 * libcs and runtimes read to count CPUs (online, possible, present, offline, kernel_max, and
 * a cpuN directory per vCPU). umk's vCPUs are all present and online and never hot-plugged,
 * so the tree is fixed at mount time.
 */
public final class SysFs extends PseudoSuperBlock {
    /** SYSFS_MAGIC. */
    public static final long MAGIC = 0x62656572;
    /** NR_CPUS - 1 of distribution kernels (CONFIG_NR_CPUS=8192). */
    static final int KERNEL_MAX = 8191;

    public SysFs(FsClock clock, String source, int cpus) {
        super("sysfs", MAGIC, clock, source);
        StaticDir root = new StaticDir(this, 0555, null);
        for (String top : new String[] {"block", "bus", "class", "dev", "devices", "firmware", "fs", "kernel",
                "module", "power"}) {
            root.dir(top, 0755);
        }
        StaticDir devices = (StaticDir) root.lookup("devices");
        StaticDir cpu = devices.dir("system", 0755).dir("cpu", 0755);
        String all = CpuList.list(cpus);
        value(cpu, "kernel_max", Integer.toString(KERNEL_MAX));
        value(cpu, "offline", "");
        value(cpu, "online", all);
        value(cpu, "possible", all);
        value(cpu, "present", all);
        for (int i = 0; i < cpus; i++) {
            StaticDir c = cpu.dir("cpu" + i, 0755);
            if (i > 0) value(c, "online", "1");
        }
        install(root);
    }

    private static void value(StaticDir dir, String name, String v) {
        byte[] text = Names.toBytes(v + "\n");
        dir.file(name, 0444, () -> text);
    }
}
