package dev.umk.cli.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * What one run of a host command produced: the facts a differential test compares, plus the
 * stderr and timing needed to explain a mismatch.
 *
 * @param command    the argv that was run
 * @param exitStatus the status as a shell reports it: 0-255 on exit, 128+N when killed by signal N
 * @param stdout     every byte written to stdout
 * @param stderr     stderr decoded as UTF-8 (diagnostics only, never compared)
 * @param timedOut   true when the run was killed for exceeding its timeout
 * @param elapsed    wall-clock time of the run
 */
public record ProcessResult(List<String> command, int exitStatus, byte[] stdout, String stderr,
                            boolean timedOut, Duration elapsed) {

    public ProcessResult {
        command = List.copyOf(command);
        stdout = stdout.clone();
    }

    @Override
    public byte[] stdout() {
        return stdout.clone();
    }

    /** Stdout decoded as UTF-8, for messages and substring checks. */
    public String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    /** A multi-line account of this run for a failure message; long streams are cut. */
    public String describe(String label) {
        StringBuilder sb = new StringBuilder();
        sb.append("--- ").append(label).append(": ").append(commandLine()).append('\n');
        sb.append("exit status: ").append(timedOut ? "TIMED OUT" : exitStatus)
          .append(" after ").append(elapsed.toMillis()).append(" ms\n");
        sb.append("stdout (").append(stdout.length).append(" bytes):\n").append(cut(stdoutText(), 6000, true));
        sb.append("stderr:\n").append(cut(stderr, 4000, false));
        return sb.toString();
    }

    /** The command as a shell line, with very long words (a classpath) abbreviated. */
    public String commandLine() {
        StringBuilder sb = new StringBuilder();
        for (String word : command) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(word.length() <= 200 ? word : "<" + word.length() + " chars>");
        }
        return sb.toString();
    }

    /** Keeps the head (stdout: where divergence starts) or the tail (stderr: where it ended). */
    private static String cut(String s, int max, boolean keepHead) {
        String body = s.length() <= max ? s
                : keepHead ? s.substring(0, max) + "\n[... " + (s.length() - max) + " more chars]"
                : "[... " + (s.length() - max) + " chars before]\n" + s.substring(s.length() - max);
        return body.endsWith("\n") || body.isEmpty() ? body : body + "\n";
    }
}
