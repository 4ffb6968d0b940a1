package dev.umk.cli.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Builds the guest test programs of {@code rootfs/src/c} into {@code umk-cli/target/guest-bin}
 * with musl-gcc, the way a user would build a static Linux binary, so every test runs an
 * unmodified x86-64 executable. A binary newer than its source and the shared headers is reused.
 *
 * <p>A missing compiler fails the test (it never skips): CI installs musl-tools, and a silently
 * skipped differential test is worse than a red one.
 */
public final class GuestPrograms {
    /** Flags shared with {@code rootfs/build-guests}; keep the two in step. */
    static final List<String> CFLAGS = List.of("-static", "-O2", "-Wall", "-Wextra");
    static final String INSTALL_HINT = "apt-get install musl-tools";

    private static final GuestPrograms STANDARD = new GuestPrograms(
            repoRoot().resolve("rootfs/src/c"),
            repoRoot().resolve("umk-cli/target/guest-bin"),
            System.getProperty("umk.it.cc", "musl-gcc"));

    /** The same sources built with the host's gcc against glibc, statically (glibc's own clone users). */
    private static final GuestPrograms GLIBC = new GuestPrograms(
            repoRoot().resolve("rootfs/src/c"),
            repoRoot().resolve("umk-cli/target/guest-bin-glibc"),
            "gcc");

    private final Path sourceDir;
    private final Path outDir;
    private final String compiler;

    GuestPrograms(Path sourceDir, Path outDir, String compiler) {
        this.sourceDir = sourceDir;
        this.outDir = outDir;
        this.compiler = compiler;
    }

    /** The programs of the repository, built into umk-cli/target/guest-bin. */
    public static GuestPrograms standard() {
        return STANDARD;
    }

    /** The programs built with gcc and glibc (static) into umk-cli/target/guest-bin-glibc. */
    public static GuestPrograms glibc() {
        return GLIBC;
    }

    /** Shorthand for {@code standard().build(name)}. */
    public static Path binary(String name) {
        return STANDARD.build(name);
    }

    /** Names of every program in the source directory ({@code hello} for {@code hello.c}). */
    public List<String> names() {
        try (Stream<Path> s = Files.list(sourceDir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".c"))
                    .map(n -> n.substring(0, n.length() - 2))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Returns the absolute path of the built program, compiling it first unless the binary is
     * newer than its source and every shared header.
     */
    public synchronized Path build(String name) {
        Path source = sourceDir.resolve(name + ".c");
        if (!Files.isRegularFile(source)) {
            fail("no guest program source " + source);
        }
        Path binary = outDir.resolve(name).toAbsolutePath();
        try {
            if (Files.isExecutable(binary)
                    && Files.getLastModifiedTime(binary).compareTo(newestInput(source)) >= 0) {
                return binary;
            }
            compile(source, binary);
            return binary;
        } catch (IOException e) {
            throw new UncheckedIOException("building " + name, e);
        }
    }

    private void compile(Path source, Path binary) throws IOException {
        String cc = findCompiler().orElseGet(() -> fail(compiler + " not found on PATH;"
                + " the guest programs are built with musl-gcc and gcc: " + INSTALL_HINT
                + " gcc (or run scripts/ensure-deps)"));
        Files.createDirectories(outDir);
        // Build beside the target, then rename, so a half-written binary is never run.
        Path tmp = Files.createTempFile(outDir, binary.getFileName() + ".", ".tmp");
        List<String> cmd = new ArrayList<>();
        cmd.add(cc);
        cmd.addAll(CFLAGS);
        cmd.add("-I" + sourceDir.resolve("include"));
        cmd.add("-o");
        cmd.add(tmp.toString());
        cmd.add(source.toString());
        cmd.add("-lm");
        ProcessResult r = Subprocess.run(cmd, null, new byte[0], Duration.ofMinutes(2));
        if (r.timedOut() || r.exitStatus() != 0) {
            Files.deleteIfExists(tmp);
            fail("compiling " + source.getFileName() + " failed:\n" + r.describe(compiler));
        }
        Files.move(tmp, binary, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private FileTime newestInput(Path source) throws IOException {
        FileTime newest = Files.getLastModifiedTime(source);
        Path include = sourceDir.resolve("include");
        if (Files.isDirectory(include)) {
            try (Stream<Path> s = Files.list(include)) {
                for (Path h : (Iterable<Path>) s::iterator) {
                    FileTime t = Files.getLastModifiedTime(h);
                    if (t.compareTo(newest) > 0) {
                        newest = t;
                    }
                }
            }
        }
        return newest;
    }

    private Optional<String> findCompiler() {
        if (compiler.contains("/")) {
            return Files.isExecutable(Path.of(compiler)) ? Optional.of(compiler) : Optional.empty();
        }
        String path = System.getenv("PATH");
        if (path == null) {
            path = "/usr/local/bin:/usr/bin:/bin";
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, compiler);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }

    /**
     * The repository root: the nearest directory at or above the working directory (surefire
     * runs in the module directory) that holds {@code rootfs/src/c}.
     */
    static Path repoRoot() {
        Path start = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("rootfs/src/c"))) {
                return p;
            }
        }
        throw new IllegalStateException("no rootfs/src/c at or above " + start);
    }
}
