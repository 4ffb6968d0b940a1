package dev.umk.cli.it;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * segv.c under umk: a guest write to a page that forbids it kills the guest with SIGSEGV
 * (status 139, "Segmentation fault" on stderr as a shell would say) and leaves the JVM running
 * umk unharmed: umk itself reports the death and exits normally.
 */
class SegvTest {

    @ParameterizedTest
    @ValueSource(strings = {"mprotect", "rodata", "null"})
    void forbiddenWriteKillsOnlyTheGuestWithSigsegv(String mode) {
        Differential.of("segv").args(mode)
                .run()
                .assertNativeStatus(128 + 11)
                .assertSame()
                .assertUmkStderrContains("Segmentation fault")
                .assertUmkStderrLacks("A fatal error has been detected by the Java Runtime Environment");
    }
}
