package dev.umk.cli.it;

import org.junit.jupiter.api.Test;

/**
 * vfork.c: children sharing their parent's address space (vfork, clone(CLONE_VM) without
 * CLONE_THREAD, posix_spawn): writes and mappings seen by the other side, exec failure
 * reported through shared memory, a CLONE_VM child killed, execing, or outliving its parent.
 * Built twice: musl's and glibc's posix_spawn and clone wrappers differ.
 */
class VforkTest {

    @Test
    void sharedAddressSpaceChildrenMatchLinuxWithMusl() {
        Differential.of("vfork").run().assertNativeStatus(0).assertSame();
    }

    @Test
    void sharedAddressSpaceChildrenMatchLinuxWithGlibc() {
        Differential.of(GuestPrograms.glibc().build("vfork")).run().assertNativeStatus(0).assertSame();
    }
}
