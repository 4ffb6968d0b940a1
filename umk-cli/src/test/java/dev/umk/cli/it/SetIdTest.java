package dev.umk.cli.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * setid.c as an unprivileged user (setpriv natively, --user under umk) running root-owned
 * set-user-ID and set-group-ID copies of itself: effective and saved ids, AT_SECURE,
 * dumpable; a plain copy keeps the caller's ids; no_new_privs makes the bits count for nothing.
 */
class SetIdTest {
    private static final List<String> NOBODY_NATIVE =
            List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
    private static final List<String> NOBODY_UMK = List.of("--user", "65534:65534");

    @Test
    void setIdProgramsChangeEffectiveIdsAsLinux() throws IOException {
        Path prog = GuestPrograms.binary("setid");
        // Beside the build, not in /tmp, which may be mounted nosuid.
        Path dir = prog.getParent().resolve("setid-copies");
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String name : List.of("plain", "suid", "sgid")) {
            Path copy = dir.resolve(name);
            Files.copy(prog, copy, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        // Files.setPosixFilePermissions cannot set the set-id bits: chmod can.
        Subprocess.run(List.of("chmod", "4755", dir.resolve("suid").toString()), null, new byte[0],
                java.time.Duration.ofSeconds(10));
        Subprocess.run(List.of("chmod", "2755", dir.resolve("sgid").toString()), null, new byte[0],
                java.time.Duration.ofSeconds(10));
        Differential.of(prog).args(dir.toString()).as(NOBODY_NATIVE, NOBODY_UMK).run()
                .assertNativeStatus(0).assertSame();
    }
}
