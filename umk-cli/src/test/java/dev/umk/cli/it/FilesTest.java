package dev.umk.cli.it;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The file syscalls against Linux: guest programs of rootfs/src/c that go through every
 * family (open/read/write and their vectored and positioned forms, the namespace calls,
 * attributes, xattrs, descriptors, record locks and flock, pipes, splice and friends, memfd,
 * file mappings, mounts, chroot) with their error cases, printing errno names, so native and
 * umk output must be identical. They work in /dev/shm, a tmpfs on both sides.
 */
class FilesTest {
    /** An unprivileged identity, set up natively with setpriv and under umk with --user. */
    private static final List<String> NOBODY_NATIVE =
            List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
    private static final List<String> NOBODY_UMK = List.of("--user", "65534:65534");

    @Test
    void fileioMatchesLinux() {
        Differential.of("fileio").run().assertNativeStatus(0).assertSame();
    }

    @Test
    void namespaceAndAttributeCallsMatchLinux() {
        Differential.of("fsnames").run().assertNativeStatus(0).assertSame();
    }

    @Test
    void descriptorsLocksPipesAndMappingsMatchLinux() {
        Differential.of("fdio").run().assertNativeStatus(0).assertSame();
    }

    @Test
    void permissionChecksOfAnUnprivilegedUserMatchLinux() {
        Differential.of("perms").as(NOBODY_NATIVE, NOBODY_UMK).run().assertNativeStatus(0).assertSame();
    }
}
