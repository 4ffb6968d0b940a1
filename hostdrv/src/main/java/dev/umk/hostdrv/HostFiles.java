package dev.umk.hostdrv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a host file whole: how the CLI brings the first program in before the VFS exists. */
public final class HostFiles {
    private HostFiles() {}

    public static byte[] readAll(String path) throws IOException {
        return Files.readAllBytes(Path.of(path));
    }

    /** Identifies a version of a host file: device, inode, size and modification time. */
    public static String stamp(String path) throws IOException {
        java.util.Map<String, Object> a = Files.readAttributes(Path.of(path), "unix:dev,ino,size,lastModifiedTime");
        return a.get("dev") + ":" + a.get("ino") + ":" + a.get("size") + ":" + a.get("lastModifiedTime");
    }

    /** The real uid of the user running umk: the guest's identity by default. */
    public static int uid() {
        return Host.libc().getuid();
    }

    public static int gid() {
        return Host.libc().getgid();
    }

    public static boolean isExecutableFile(String path) {
        Path p = Path.of(path);
        return Files.isRegularFile(p) && Files.isExecutable(p);
    }
}
