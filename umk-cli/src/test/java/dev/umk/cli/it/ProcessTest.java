package dev.umk.cli.it;

import org.junit.jupiter.api.Test;

/** fork, exec and wait under umk, driven by busybox sh. */
class ProcessTest {

    @Test
    void shellForksExecsAndReportsExitStatuses() {
        Differential.of(java.nio.file.Path.of("/bin/busybox"))
                .args("sh", "-c", "/bin/busybox echo child; echo \"status $?\"; /bin/busybox false; "
                        + "echo \"status $?\"; (exit 7); echo \"subshell $?\"; /bin/busybox sh -c 'exit 3'; echo \"nested $?\"")
                .run().assertNativeStatus(0).assertSame();
    }

    @Test
    void shellLoopRunsManyChildren() {
        Differential.of(java.nio.file.Path.of("/bin/busybox"))
                .args("sh", "-c", "i=0; while [ $i -lt 20 ]; do /bin/busybox true; i=$((i+1)); done; echo ran $i")
                .run().assertNativeStatus(0).assertSame();
    }

    @Test
    void childKilledBySignalGivesShellStatus() {
        Differential.of(java.nio.file.Path.of("/bin/busybox"))
                .args("sh", "-c", "/bin/busybox sh -c 'kill -9 $$'; echo \"status $?\"")
                .run().assertNativeStatus(0).assertSame();
    }

    @Test
    void forkCopyOnWriteSharedMemoryPipesAndWaitStatusesMatchLinux() {
        Differential.of("forkwait").run().assertNativeStatus(0).assertSame();
    }

    @Test
    void dynamicGlibcProgramsRunThroughTheirInterpreter() {
        Differential.of(java.nio.file.Path.of("/bin/dash"))
                .args("-c", "echo dash $((6*7)); printf 'b\\na\\nc\\n' | /usr/bin/sort -r; /bin/ls -d /usr /etc")
                .run().assertNativeStatus(0).assertSame();
    }

    @Test
    void hashBangScriptsGetTheirInterpreterAndArgument(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path script = dir.resolve("script");
        java.nio.file.Files.writeString(script, "#!/bin/sh -e  \necho \"script $0 args: $*\"\nfalse\necho not reached\n");
        script.toFile().setExecutable(true);
        Differential.of(script).args("one", "two").run().assertNativeStatus(1).assertSame();
    }

    @Test
    void execveatRunsAnOpenProgramOrOneRelativeToADirectory() {
        Differential.of("execveat").run().assertNativeStatus(0).assertSame();
    }
}
