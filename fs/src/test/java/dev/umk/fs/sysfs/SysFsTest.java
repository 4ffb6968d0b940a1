package dev.umk.fs.sysfs;

import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.FileFlags;
import dev.umk.fs.FsTestKit;
import dev.umk.fs.OpenFile;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SysFsTest extends FsTestKit {
    @BeforeEach
    void mountSys() {
        mkdir("/sys", 0555);
        vfs.registerFileSystem(new SysFsType(clock, 4));
        vfs.mount(fs, ROOT, "sysfs", null, "/sys", "sysfs", 0, "");
    }

    @Test
    void cpuFilesListEveryVcpu() {
        assertEquals("0-3\n", readFile("/sys/devices/system/cpu/online"));
        assertEquals("0-3\n", readFile("/sys/devices/system/cpu/possible"));
        assertEquals("0-3\n", readFile("/sys/devices/system/cpu/present"));
        assertEquals("\n", readFile("/sys/devices/system/cpu/offline"));
        assertEquals("8191\n", readFile("/sys/devices/system/cpu/kernel_max"));
    }

    @Test
    void oneDirectoryPerVcpu() {
        List<String> cpus = new ArrayList<>();
        OpenFile d = open("/sys/devices/system/cpu", FileFlags.O_RDONLY | FileFlags.O_DIRECTORY, 0);
        d.iterate((name, ino, type, next) -> {
            if (name.matches("cpu\\d+")) cpus.add(name);
            return true;
        });
        d.put();
        assertEquals(List.of("cpu0", "cpu1", "cpu2", "cpu3"), cpus);
        assertEquals("1\n", readFile("/sys/devices/system/cpu/cpu3/online"));
    }

    @Test
    void singleCpuIsListedAsZero() {
        mkdir("/sys1", 0555);
        vfs.registerFileSystem(new SysFsType(clock, 1));
        vfs.mount(fs, ROOT, "sysfs", null, "/sys1", "sysfs", 0, "");
        assertEquals("0\n", readFile("/sys1/devices/system/cpu/online"));
    }

    @Test
    void sysfsIsReadOnlyAndTakesNoOptions() {
        assertErrno(Errno.EACCES, () -> open(USER, "/sys/devices/system/cpu/online", FileFlags.O_WRONLY));
        assertErrno(Errno.EPERM, () -> mkdir("/sys/new", 0755));
        mkdir("/sys2", 0555);
        assertErrno(Errno.EINVAL, () -> vfs.mount(fs, ROOT, "sysfs", null, "/sys2", "sysfs", 0, "size=1"));
        assertEquals(SysFs.MAGIC, vfs.statfs(fs, ROOT, null, "/sys").type);
    }
}
