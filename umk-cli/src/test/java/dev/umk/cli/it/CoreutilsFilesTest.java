package dev.umk.cli.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Debian's own dynamically linked GNU coreutils and tar, run by dash, on umk's VFS and
 * compared byte for byte with Linux: every program comes through ld.so and libc mapped from
 * the host's files (hostfs pages under the overlay), and works on a tree in /dev/shm (a
 * tmpfs on both sides, so sizes, link counts and block counts must agree). Times are fixed
 * with touch -d; atimes are not printed (relatime moves them on the first read).
 */
class CoreutilsFilesTest {
    private static final Path SH = Path.of("/bin/sh");

    private static final String SCRIPT = String.join("\n",
            "set -e",
            "W=/dev/shm/umk-coreutils.$$",
            "mkdir -p $W && cd $W",
            "mkdir -p src/a/b src/empty",
            "echo hello > src/a/hello.txt",
            "seq 1 2000 > src/a/b/numbers",
            "ln -s a/hello.txt src/link",
            "ln src/a/hello.txt hard",
            "chmod 0640 src/a/hello.txt",
            "chmod 0750 src/a/b",
            "find src hard -exec touch -h -d '2021-06-07 08:09:10' {} +",
            "touch -d '2021-06-07 08:09:10' .",
            "echo '== ls -la'; ls -la --time-style=full-iso src/a",
            "echo '== ls -lR'; ls -lR --time-style=full-iso src",
            "echo '== find'; find src -printf '%p %y %m %n\\n' | sort",
            "echo '== stat'; stat -c '%n %s %F %a %h %U %G %Y' src/a/hello.txt src/link src/a/b hard",
            "echo '== cp -a'; cp -a src copy && ls -lR --time-style=full-iso copy",
            "echo '== mv'; mv copy/a/hello.txt copy/moved.txt && ls copy && cat copy/moved.txt",
            "echo '== rm -r'; rm -r copy && ls",
            "echo '== du'; du -s src/a/b; du -a src/a | sort -k2",
            "echo '== tar'; tar -cf t.tar src && tar -tvf t.tar | sort -k6",
            "mkdir x && tar -xf t.tar -C x && ls -lR --time-style=full-iso x",
            "echo '== sha256sum'; sha256sum src/a/b/numbers x/src/a/b/numbers",
            "echo '== chmod'; chmod -R go-rwx src && stat -c '%n %a' src src/a src/a/b src/a/hello.txt",
            "echo '== mkdir -p'; mkdir -p deep/er/than/that && find deep | sort",
            "echo '== df'; df --output=fstype,target . | tail -1",
            "echo '== sha256sum busybox'; sha256sum /bin/busybox",
            "cd / && rm -rf $W && echo done");

    @BeforeAll
    static void toolsAreInstalled() {
        for (String tool : new String[] {"/bin/sh", "/usr/bin/ls", "/usr/bin/tar", "/usr/bin/sha256sum"}) {
            assertTrue(Files.isExecutable(Path.of(tool)), tool + " missing");
        }
    }

    @Test
    void coreutilsAndTarMatchLinux() {
        Differential.of(SH).args("-c", SCRIPT)
                .env("PATH", "/usr/bin:/bin").env("LC_ALL", "C").env("TZ", "UTC")
                .run().assertNativeStatus(0).assertSame();
    }
}
