package dev.umk.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * ptrace(2) inside umk. ptrace.c: a parent tracing its children (TRACEME, ATTACH, SEIZE,
 * syscall stops and changes, PEEK/POKE into read-only text, registers, signal injection,
 * fork/exec/exit events, INTERRUPT/LISTEN, EXITKILL, errors) must print what it prints on
 * Linux. Then Debian's strace, a real tracer, follows a forking program.
 */
class PtraceTest {

    @Test
    void tracingChildrenMatchesLinux() {
        Differential.of("ptrace").run().assertNativeStatus(0).assertSame();
    }

    @Test
    void straceFollowsAForkingProgram() {
        Path strace = Path.of("/usr/bin/strace");
        assumeTrue(Files.isExecutable(strace), "no strace (scripts/ensure-deps installs it)");
        Path prog = GuestPrograms.binary("ptrace");
        Invocation inv = new Invocation(strace, List.of("-f", "-e", "trace=getpid,exit_group", prog.toString(), "getpids"),
                Map.of(), new byte[0], Duration.ofSeconds(Differential.DEFAULT_UMK_TIMEOUT_SECONDS));
        ProcessResult r = new UmkLauncher(false).launch(inv);
        assertEquals(3, r.exitStatus(), r.describe("umk strace"));
        List<String> lines = Arrays.stream(r.stderr().split("\n")).filter(l -> !l.startsWith("umk:")).toList();
        Pattern getpid = Pattern.compile("^(\\[pid +(\\d+)\\] )?getpid\\(\\) += (\\d+)$");
        int calls = 0, inChild = 0;
        for (String l : lines) {
            Matcher m = getpid.matcher(l);
            if (!m.matches()) continue;
            calls++;
            if (m.group(2) != null && m.group(2).equals(m.group(3))) inChild++;
        }
        String all = String.join("\n", lines);
        assertEquals(3, calls, all);
        assertEquals(1, inChild, "the child's getpid, tagged with its pid:\n" + all);
        assertTrue(all.contains("exit_group(0)"), all);
        assertTrue(all.contains("exit_group(3)"), all);
        assertTrue(lines.get(lines.size() - 1).equals("+++ exited with 3 +++"), all);
    }
}
