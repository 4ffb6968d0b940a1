package dev.umk.cli.it;

import org.junit.jupiter.api.Test;

/**
 * hello.c under umk: execve's handover (argv, envp, auxv), uname, and the exit status must be
 * exactly what Linux gives.
 */
class HelloTest {

    @Test
    void argvEnvAndAuxvMatchLinux() {
        Differential.of("hello")
                .args("one", "two words", "", "env=FOO", "env=EMPTY", "env=EQ", "env=UMK_IT_NEVER_SET")
                .env("FOO", "bar baz")
                .env("EMPTY", "")
                .env("EQ", "a=b")
                .run()
                .assertNativeStatus(0)
                .assertSame();
    }

    @Test
    void withoutArgumentsOnlyArgv0IsPassed() {
        Differential.of("hello").run().assertNativeStatus(0).assertSame();
    }

    @Test
    void exitStatusIsTheGuestsExitStatus() {
        Differential.of("hello").args("exit=42").run().assertNativeStatus(42).assertSame();
    }

    @Test
    void exitStatusIsTruncatedToEightBits() {
        Differential.of("hello").args("exit=257").run().assertNativeStatus(1).assertSame();
    }
}
