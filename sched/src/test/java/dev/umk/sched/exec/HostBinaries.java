package dev.umk.sched.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real x86-64 executables for exec tests, compiled once per test JVM into a temp directory.
 * A test that needs a compiler the machine lacks is skipped (assumption); a compiler that is
 * present but fails is a test failure.
 */
final class HostBinaries {
    /** Has .data, .bss, a TLS variable and a PT_GNU_STACK; prints nothing. */
    private static final String SOURCE = """
            int data_word = 42;
            char bss_block[100000];
            __thread int tls_word = 7;
            int main(int argc, char **argv) { return data_word + bss_block[argc] + tls_word; }
            """;
    private static final String MUSL_LIB = "/usr/lib/x86_64-linux-musl";
    private static final Map<String, Path> built = new HashMap<>();
    private static Path dir;

    private HostBinaries() {}

    /** musl-gcc -static: ET_EXEC without PT_INTERP. */
    static Path muslStatic() {
        return build("musl-static", "musl-gcc", "-static", "-O1");
    }

    /**
     * A musl static PIE: ET_DYN without PT_INTERP. Debian's musl-gcc wrapper turns
     * {@code -static-pie} into a dynamic PIE, so link rcrt1.o explicitly.
     */
    static Path muslStaticPie() {
        return build("musl-static-pie", "musl-gcc", "-fPIE", "-static-pie", "-nostartfiles",
                "-Wl,--no-dynamic-linker", "-Wl,-Bstatic", MUSL_LIB + "/rcrt1.o",
                MUSL_LIB + "/crti.o", "%SRC%", MUSL_LIB + "/crtn.o");
    }

    /** gcc with the distribution defaults: a glibc PIE with PT_INTERP. */
    static Path gccDynamic() {
        return build("gcc-dynamic", "gcc", "-O1");
    }

    /** A glibc dynamic binary marked as needing an executable stack. */
    static Path gccExecStack() {
        return build("gcc-execstack", "gcc", "-O1", "-z", "execstack");
    }

    /** /bin/busybox if installed (Debian's busybox-static). */
    static Path busybox() {
        Path p = Path.of("/bin/busybox");
        assumeTrue(Files.isRegularFile(p), "no /bin/busybox");
        return p;
    }

    static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static synchronized boolean hasCommand(String cmd) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, cmd))) return true;
        }
        return false;
    }

    private static synchronized Path build(String name, String compiler, String... flags) {
        assumeTrue(hasCommand(compiler), compiler + " not installed");
        if (compiler.equals("musl-gcc")) {
            assumeTrue(Files.isDirectory(Path.of(MUSL_LIB)), "musl libc not installed");
        }
        Path out = built.get(name);
        if (out != null) return out;
        try {
            if (dir == null) {
                dir = Files.createTempDirectory("umk-exec-test");
                dir.toFile().deleteOnExit();
            }
            Path src = dir.resolve("prog.c");
            if (!Files.exists(src)) Files.writeString(src, SOURCE);
            out = dir.resolve(name);
            List<String> cmd = new ArrayList<>();
            cmd.add(compiler);
            boolean srcPlaced = false;
            for (String f : flags) {
                if (f.equals("%SRC%")) {
                    cmd.add(src.toString());
                    srcPlaced = true;
                } else {
                    cmd.add(f);
                }
            }
            if (!srcPlaced) cmd.add(src.toString());
            cmd.add("-o");
            cmd.add(out.toString());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "compiler timed out");
            assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + log);
            out.toFile().deleteOnExit();
            src.toFile().deleteOnExit();
            built.put(name, out);
            return out;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
