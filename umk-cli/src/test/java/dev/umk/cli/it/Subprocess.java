package dev.umk.cli.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one host command to completion with a deadline. Output goes to temporary files rather
 * than pipes so a chatty process can never block on a full pipe while we wait for it, and a
 * process that overruns its deadline is killed together with everything it started (a umk JVM
 * takes its traced stubs with it).
 */
final class Subprocess {
    private Subprocess() {
    }

    /**
     * @param command     argv
     * @param env         the environment; {@code null} inherits this JVM's
     * @param stdin       bytes fed to stdin; empty means stdin is /dev/null
     * @param timeout     how long to wait before killing the process tree
     */
    static ProcessResult run(List<String> command, Map<String, String> env, byte[] stdin, Duration timeout) {
        Path out = null, err = null, in = null;
        try {
            out = Files.createTempFile("umk-it-", ".out");
            err = Files.createTempFile("umk-it-", ".err");
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            if (stdin.length == 0) {
                pb.redirectInput(new File("/dev/null"));
            } else {
                in = Files.createTempFile("umk-it-", ".in");
                Files.write(in, stdin);
                pb.redirectInput(in.toFile());
            }
            if (env != null) {
                pb.environment().clear();
                pb.environment().putAll(env);
            }
            long start = System.nanoTime();
            Process p = pb.start();
            boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                killTree(p);
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            return new ProcessResult(command, finished ? p.exitValue() : -1, Files.readAllBytes(out),
                    Files.readString(err, StandardCharsets.UTF_8), !finished, elapsed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
            deleteQuietly(in);
        }
    }

    private static void killTree(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    private static void deleteQuietly(Path f) {
        if (f == null) {
            return;
        }
        try {
            Files.deleteIfExists(f);
        } catch (IOException ignored) {
            // A leftover temp file is harmless; the test result is what matters.
        }
    }
}
