package dev.umk.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * `umk run busybox sh` as a person uses it, in a real terminal (tmux): the prompt, pipelines,
 * command substitution, redirections, Ctrl-C of a foreground job with the shell alive,
 * Ctrl-Z, jobs, bg, fg, exit, and a sane host terminal afterwards.
 */
class TerminalTest {
    private static final String SESSION = "umk-terminal-test-" + ProcessHandle.current().pid();
    private Path dir;

    @BeforeEach
    void start() throws Exception {
        requireTmux();
        dir = Files.createTempDirectory("umk-tty");
        Path script = dir.resolve("run.sh");
        // After umk exits, record its status and the host terminal's settings.
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(script, "#!/bin/sh\n"
                + "cd " + dir + "\n"
                + "PS1='umk$ ' " + java + " -cp '" + UmkLauncher.classpath() + "' " + UmkLauncher.MAIN_CLASS
                + " run --env PS1='umk$ ' /bin/busybox sh\n"
                + "echo \"UMK-EXIT=$?\"\n"
                + "stty -a > " + dir.resolve("stty.txt") + "\n"
                + "sleep 60\n");
        script.toFile().setExecutable(true);
        tmux("new-session", "-d", "-s", SESSION, "-x", "120", "-y", "40", script.toString());
        waitFor("umk$ ", 30_000);
    }

    @AfterEach
    void stop() throws Exception {
        tmux("kill-session", "-t", SESSION);
    }

    @Test
    void interactiveShellWithJobControl() throws Exception {
        type("ls / | wc -l > count.txt; cat count.txt | wc -l");
        waitFor("\n1\n", 15_000);
        type("echo $(seq 3)");
        waitFor("1 2 3", 15_000);

        type("sleep 100");
        Thread.sleep(1500);
        key("C-c");
        type("echo after-ctrl-c $?");
        waitFor("after-ctrl-c 130", 15_000);

        type("sleep 100");
        Thread.sleep(1500);
        key("C-z");
        waitFor("Stopped", 15_000);
        type("jobs");
        waitFor("sleep 100", 15_000);
        type("bg");
        Thread.sleep(500);
        type("fg");
        Thread.sleep(1500);
        key("C-c");
        type("echo after-fg $?");
        waitFor("after-fg 130", 15_000);

        type("exit 3");
        waitFor("UMK-EXIT=3", 20_000);
        String stty = waitForFile(dir.resolve("stty.txt"), 10_000);
        // stty -a wraps its flags to the terminal width, so a flag may start a line.
        java.util.List<String> flags = java.util.Arrays.asList(stty.split("[\\s;]+"));
        assertTrue(flags.contains("icanon") && flags.contains("echo") && flags.contains("isig"),
                "host terminal not restored: " + stty);
    }

    private static void requireTmux() throws Exception {
        try {
            Process p = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
            assertEquals(0, p.waitFor(), "tmux -V");
        } catch (IOException e) {
            fail("tmux is needed for the terminal test: apt-get install tmux (scripts/ensure-deps does)");
        }
    }

    private void type(String line) throws Exception {
        tmux("send-keys", "-t", SESSION, "-l", line);
        key("Enter");
    }

    private void key(String k) throws Exception {
        tmux("send-keys", "-t", SESSION, k);
    }

    private String screen() throws Exception {
        Process p = new ProcessBuilder("tmux", "capture-pane", "-p", "-J", "-S", "-200", "-t", SESSION)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    private void waitFor(String text, long millis) throws Exception {
        long end = System.currentTimeMillis() + millis;
        String s = "";
        while (System.currentTimeMillis() < end) {
            s = screen();
            if (s.contains(text)) return;
            Thread.sleep(200);
        }
        fail("no '" + text.replace("\n", "\\n") + "' on the screen:\n" + s);
    }

    private static String waitForFile(Path f, long millis) throws Exception {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            if (Files.exists(f) && Files.size(f) > 0) return Files.readString(f);
            Thread.sleep(200);
        }
        fail("no " + f);
        return null;
    }

    private static void tmux(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add("tmux");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        p.waitFor();
    }
}
