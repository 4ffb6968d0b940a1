package dev.umk.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guest's filesystem at boot, seen from the host: the default root shows the host's
 * files but never changes them, {@code --volume HOST:GUEST:rw} writes through to the host,
 * {@code :ro} refuses writes, and {@code --root DIR} makes DIR the guest's "/" (also only
 * read, the guest's changes staying in memory).
 */
class GuestFsTest {
    private static final Path BUSYBOX = Path.of("/bin/busybox");
    /** A directory every Debian root has, used as the mount point of test volumes. */
    private static final String MOUNT_POINT = "/mnt";

    private static ProcessResult umk(List<String> options, Path program, String... args) {
        Invocation inv = new Invocation(program, List.of(args), Map.of(), new byte[0], Duration.ofSeconds(60));
        return new UmkLauncher(false, options).launch(inv);
    }

    @Test
    void guestWriteUnderTheDefaultRootLeavesTheHostFileUnchanged() throws IOException {
        Path dir = GuestPrograms.repoRoot().resolve("umk-cli/target/it-host");
        Files.createDirectories(dir);
        Path file = dir.resolve("untouchable.txt");
        Files.writeString(file, "original\n");
        ProcessResult r = umk(List.of(), BUSYBOX, "sh", "-c",
                "echo changed >> " + file + " && /bin/busybox cat " + file + " && /bin/busybox rm " + file
                        + " && /bin/busybox ls " + dir);
        assertEquals(0, r.exitStatus(), r.describe("umk"));
        assertEquals("original\nchanged\n", r.stdoutText(), "the guest sees its own changes");
        assertEquals("original\n", Files.readString(file), r.describe("umk"));
    }

    @Test
    void writesThroughAReadWriteVolumeLandOnTheHost(@TempDir Path host) throws IOException {
        assertTrue(Files.isDirectory(Path.of(MOUNT_POINT)), MOUNT_POINT + " is the volume's mount point");
        Files.writeString(host.resolve("existing"), "from the host\n");
        ProcessResult r = umk(List.of("--volume", host + ":" + MOUNT_POINT + ":rw"), BUSYBOX, "sh", "-c",
                "/bin/busybox cat /mnt/existing && echo from-guest > /mnt/new && /bin/busybox mkdir /mnt/d");
        assertEquals(0, r.exitStatus(), r.describe("umk"));
        assertEquals("from the host\n", r.stdoutText());
        assertEquals("from-guest\n", Files.readString(host.resolve("new")));
        assertTrue(Files.isDirectory(host.resolve("d")), r.describe("umk"));
    }

    @Test
    void aSharedMappingOfAVolumeFileIsWrittenBackToTheHost(@TempDir Path host) throws IOException {
        Files.writeString(host.resolve("data"), "x".repeat(5000));
        ProcessResult r = umk(List.of("--volume", host + ":" + MOUNT_POINT), GuestPrograms.binary("mapfile"),
                MOUNT_POINT + "/data", "through the mapping");
        assertEquals(0, r.exitStatus(), r.describe("umk"));
        assertEquals("msync: OK\nread back: through the mapping\n", r.stdoutText());
        String onHost = Files.readString(host.resolve("data"));
        assertEquals("through the mapping" + "x".repeat(5000 - 19), onHost);
    }

    @Test
    void aReadOnlyVolumeRefusesWrites(@TempDir Path host) throws IOException {
        Files.writeString(host.resolve("existing"), "kept\n");
        ProcessResult r = umk(List.of("--volume", host + ":" + MOUNT_POINT + ":ro"), BUSYBOX, "sh", "-c",
                "/bin/busybox cat /mnt/existing; echo x > /mnt/existing");
        assertTrue(r.exitStatus() != 0, r.describe("umk"));
        assertEquals("kept\n", r.stdoutText());
        assertTrue(r.stderr().contains("Read-only file system"), r.describe("umk"));
        assertEquals("kept\n", Files.readString(host.resolve("existing")));
    }

    @Test
    void rootOptionMakesADirectoryTheGuestsRoot(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("bin"));
        Files.createDirectories(root.resolve("etc"));
        Files.copy(BUSYBOX, root.resolve("bin/busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.writeString(root.resolve("etc/marker"), "inside the new root\n");
        ProcessResult r = umk(List.of("--root", root.toString()), Path.of("/bin/busybox"), "sh", "-c",
                "/bin/busybox cat /etc/marker; /bin/busybox ls /");
        assertEquals(0, r.exitStatus(), r.describe("umk"));
        // umk's own /dev, /proc and /sys appear in the guest's root (in its in-memory upper layer).
        assertEquals("inside the new root\nbin\ndev\netc\nproc\nsys\n", r.stdoutText());
        assertTrue(Files.notExists(root.resolve("dev")), "the host directory got a dev entry");
    }
}
