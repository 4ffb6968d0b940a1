package dev.umk.cli.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * BusyBox's file tools on umk's VFS, compared byte for byte with Linux: one shell script
 * builds a tree in a tmpfs (/dev/shm on both sides, so even directory sizes and block
 * counts must agree), then lists, finds, stats, copies,
 * moves, removes, measures, archives and hashes it. Timestamps are fixed with touch -d
 * so listings compare exactly; listings of copies print no times, since busybox cp -a and
 * tar -x do not restore every time (the same on Linux). Hard links are kept out of du and
 * tar, whose output depends on directory order: Linux's tmpfs lists newest first.
 *
 * <p>Every tool is run as {@code busybox APPLET}: the shell would otherwise exec
 * /proc/self/exe, which needs procfs.
 */
class BusyboxFilesTest {
    private static final Path BUSYBOX = Path.of("/bin/busybox");

    private static final String SCRIPT = String.join("\n",
            "B=/bin/busybox",
            "W=/dev/shm/umk-bbfiles.$$",
            "$B mkdir -p $W && cd $W || exit 1",
            "$B mkdir -p src/a/b src/empty",
            "$B echo hello > src/a/hello.txt",
            "$B seq 1 2000 > src/a/b/numbers",
            "$B ln -s a/hello.txt src/link",
            "$B ln src/a/hello.txt hard",
            "$B chmod 0640 src/a/hello.txt",
            "$B chmod 0750 src/a/b",
            "$B find src hard -exec $B touch -h -d '2021-06-07 08:09:10' {} +",
            "$B touch -d '2021-06-07 08:09:10' .",
            "echo '== ls -la'; $B ls -la src/a",
            "echo '== ls -lR'; $B ls -lR src",
            "echo '== ls -l hard'; $B ls -l hard",
            "echo '== find'; $B find src | $B sort",
            "echo '== find -type'; $B find src -type f | $B sort; $B find src -type l",
            "echo '== stat'; $B stat -c '%n %s %F %a %h %U %G %Y' src/a/hello.txt src/link src/a/b hard",
            "echo '== cp -a'; $B cp -a src copy && $B find copy -exec $B stat -c '%n %a %s %F %h' {} + | $B sort",
            "echo '== mv'; $B mv copy/a/hello.txt copy/moved.txt && $B ls copy && $B cat copy/moved.txt",
            "echo '== mv across filesystems'; $B mv copy/moved.txt /tmp/umk-bbfiles.$$ && $B cat /tmp/umk-bbfiles.$$ && $B rm /tmp/umk-bbfiles.$$",
            "echo '== rm -r'; $B rm -r copy && $B ls",
            "echo '== du'; $B du -s src/a/b; $B du -a src/a | $B sort -k2",
            "echo '== tar'; $B tar -cf t.tar src/a src/empty src/link && $B tar -tvf t.tar | $B sort -k6",
            "$B mkdir x && cd x && $B tar -xf ../t.tar && $B find src -exec $B stat -c '%n %a %s %F' {} + | $B sort && cd ..",
            "echo '== cmp'; $B cmp src/a/b/numbers x/src/a/b/numbers && echo same",
            "echo '== sha256sum'; $B sha256sum src/a/b/numbers x/src/a/b/numbers | $B sed 's/ .*//'",
            "echo '== sha256sum busybox'; $B sha256sum /bin/busybox",
            "echo '== chmod'; $B chmod -R go-rwx src && $B stat -c '%n %a' src src/a src/a/b src/a/hello.txt",
            "echo '== mkdir -p'; $B mkdir -p deep/er/than/that && $B find deep | $B sort",
            "echo '== stat -f'; $B stat -f -c '%T' .",
            "cd / && $B rm -rf $W && echo done");

    /**
     * The same tools in /tmp, which natively is the host's disk filesystem and under umk the
     * overlay's in-memory upper layer over it: only what does not depend on the filesystem
     * type is printed (no directory sizes, no block counts).
     */
    private static final String TMP_SCRIPT = String.join("\n",
            "B=/bin/busybox",
            "W=/tmp/umk-bbtmp.$$",
            "$B mkdir -p $W/src/a/b && cd $W || exit 1",
            "$B printf 'one\\ntwo\\n' > src/a/f.txt",
            "$B seq 1 5000 > src/a/b/big",
            "$B ln -s a/f.txt src/link",
            "$B chmod 0600 src/a/f.txt",
            "$B find src -exec $B touch -h -d '2022-02-03 04:05:06' {} +",
            "echo '== ls -l'; $B ls -l src/a/f.txt src/a/b/big src/link",
            "echo '== find'; $B find src | $B sort",
            "echo '== stat'; $B stat -c '%n %a %F %h %U %Y' src src/a src/a/f.txt src/link",
            "echo '== cp -a'; $B cp -a src copy && $B find copy -type f -exec $B stat -c '%n %a %s %Y' {} + | $B sort",
            "echo '== mv'; $B mv copy/a copy/renamed && $B find copy | $B sort",
            "echo '== tar'; $B tar -cf t.tar src && $B tar -tf t.tar | $B sort && $B mkdir x && $B tar -xf t.tar -C x && $B cmp src/a/b/big x/src/a/b/big && echo same",
            "echo '== sha256sum'; $B sha256sum src/a/f.txt x/src/a/b/big | $B sed 's/ .*//'",
            "echo '== rm -r'; $B rm -r copy x t.tar src && $B ls -A",
            "cd / && $B rmdir $W && echo done");

    @BeforeAll
    static void busyboxIsInstalled() {
        assertTrue(Files.isExecutable(BUSYBOX), "/bin/busybox missing: apt-get install busybox-static");
    }

    @Test
    void fileToolsMatchLinux() {
        Differential.of(BUSYBOX).args("sh", "-c", SCRIPT).run().assertNativeStatus(0).assertSame();
    }

    @Test
    void fileToolsInTmpMatchLinux() {
        Differential.of(BUSYBOX).args("sh", "-c", TMP_SCRIPT).run().assertNativeStatus(0).assertSame();
    }
}
