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
 * files but never changes them (the guest's changes stay in memory), {@code --volume
 * HOST:GUEST[:rw]} writes through to the host (writes and shared mappings alike),
 * {@code :ro} refuses writes, and {@code --root DIR} makes DIR the guest's "/" (also only
 * read). One umk run checks the first three, to keep the suite fast.
 */
class GuestFsTest {
    private static final Path BUSYBOX = Path.of("/bin/busybox");

    private static ProcessResult umk(List<String> options, Path program, String... args) {
        Invocation inv = new Invocation(program, List.of(args), Map.of(), new byte[0], Duration.ofSeconds(60));
        return new UmkLauncher(false, options).launch(inv);
    }

    @Test
    void theHostChangesOnlyThroughReadWriteVolumes(@TempDir Path rw, @TempDir Path ro) throws IOException {
        Path dir = GuestPrograms.repoRoot().resolve("umk-cli/target/it-host");
        Files.createDirectories(dir);
        Path untouchable = dir.resolve("untouchable.txt");
        Files.writeString(untouchable, "original\n");
        Files.writeString(rw.resolve("existing"), "from the host\n");
        Files.writeString(rw.resolve("data"), "x".repeat(5000));
        Files.writeString(ro.resolve("existing"), "kept\n");
        String mapfile = GuestPrograms.binary("mapfile").toString();
        String script = String.join("\n",
                "B=/bin/busybox",
                "echo '== default root'",
                "echo changed >> " + untouchable + " && $B cat " + untouchable + " && $B rm " + untouchable,
                "$B ls " + dir,
                "echo '== rw volume'",
                "$B cat /umk/rw/existing && echo from-guest > /umk/rw/new && $B mkdir /umk/rw/d",
                mapfile + " /umk/rw/data 'through the mapping'",
                "echo '== ro volume'",
                "$B cat /umk/ro/existing",
                "echo x > /umk/ro/existing || echo refused",
                "$B touch /umk/ro/new || echo refused");
        ProcessResult r = umk(List.of("--volume", rw + ":/umk/rw", "--volume", ro + ":/umk/ro:ro"), BUSYBOX,
                "sh", "-c", script);
        assertEquals(0, r.exitStatus(), r.describe("umk"));
        assertEquals(String.join("\n",
                "== default root", "original", "changed",
                "== rw volume", "from the host", "msync: OK", "read back: through the mapping",
                "== ro volume", "kept", "refused", "refused", ""), r.stdoutText(), r.describe("umk"));
        assertEquals("original\n", Files.readString(untouchable), "the default root wrote to the host");
        assertEquals("from-guest\n", Files.readString(rw.resolve("new")), "a write through an rw volume");
        assertTrue(Files.isDirectory(rw.resolve("d")), "a mkdir through an rw volume");
        assertEquals("through the mapping" + "x".repeat(5000 - 19), Files.readString(rw.resolve("data")),
                "a MAP_SHARED write through an rw volume, written back");
        assertTrue(r.stderr().contains("Read-only file system"), r.describe("umk"));
        assertEquals("kept\n", Files.readString(ro.resolve("existing")));
        assertTrue(Files.notExists(ro.resolve("new")));
    }

    @Test
    void rootOptionMakesADirectoryTheGuestsRoot(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("bin"));
        Files.createDirectories(root.resolve("etc"));
        Files.copy(BUSYBOX, root.resolve("bin/busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.writeString(root.resolve("etc/marker"), "inside the new root\n");
        ProcessResult r = umk(List.of("--root", root.toString()), Path.of("/bin/busybox"), "sh", "-c",
                "/bin/busybox cat /etc/marker; /bin/busybox ls /; echo new > /etc/marker; /bin/busybox cat /etc/marker");
        assertEquals(0, r.exitStatus(), r.describe("umk"));
        // umk's own /dev, /proc and /sys appear in the guest's root (in its in-memory upper layer).
        assertEquals("inside the new root\nbin\ndev\netc\nproc\nsys\nnew\n", r.stdoutText());
        assertTrue(Files.notExists(root.resolve("dev")), "the host directory got a dev entry");
        assertEquals("inside the new root\n", Files.readString(root.resolve("etc/marker")));
    }
}
