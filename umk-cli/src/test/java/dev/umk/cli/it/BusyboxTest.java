package dev.umk.cli.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Debian's busybox-static, an unmodified distribution binary, under umk: simple applets must
 * print what they print on Linux and exit with the same status.
 */
class BusyboxTest {
    private static final Path BUSYBOX = Path.of("/bin/busybox");

    @BeforeAll
    static void busyboxIsInstalled() {
        assertTrue(Files.isExecutable(BUSYBOX), "/bin/busybox missing: apt-get install busybox-static");
    }

    @ParameterizedTest(name = "busybox {0}")
    @CsvSource(delimiter = '|', value = {
        "echo hello    | 0",
        "seq 1 5       | 0",
        "uname -s      | 0",
        "true          | 0",
        "false         | 1",
    })
    void appletMatchesLinux(String commandLine, int status) {
        Differential.of(BUSYBOX).args(commandLine.trim().split(" +"))
                .run()
                .assertNativeStatus(status)
                .assertSame();
    }
}
