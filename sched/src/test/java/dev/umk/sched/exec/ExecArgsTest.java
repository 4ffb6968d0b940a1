package dev.umk.sched.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecArgsTest {
    private static final long EIGHT_MIB = 8L << 20;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<byte[]> list(String... s) {
        return Arrays.stream(s).map(ExecArgsTest::b).toList();
    }

    private static List<String> strings(List<byte[]> l) {
        return l.stream().map(x -> new String(x, StandardCharsets.UTF_8)).toList();
    }

    private static void assertE2big(Runnable r) {
        ErrnoException e = assertThrows(ErrnoException.class, r::run);
        assertEquals(Errno.E2BIG, e.errno());
    }

    private static List<byte[]> many(int n, int len) {
        byte[] s = new byte[len];
        Arrays.fill(s, (byte) 'a');
        return new ArrayList<>(Collections.nCopies(n, s));
    }

    @Test
    void chargesEveryStringWithItsNul() {
        ExecArgs a = ExecArgs.create(b("/bin/ls"), list("ls", "-l"), list("A=1"), EIGHT_MIB);
        assertEquals(8 + 3 + 3 + 4, a.stringBytes());
        assertEquals(2 * 1024 * 1024 - 8 * 3, a.budget());
        assertEquals(List.of("ls", "-l"), strings(a.argv()));
        assertEquals(List.of("A=1"), strings(a.envp()));
        assertEquals("/bin/ls", new String(a.execfn(), StandardCharsets.UTF_8));
    }

    @Test
    void emptyArgvGetsAnEmptyArgv0() {
        ExecArgs a = ExecArgs.create(b("/bin/true"), List.of(), list("A=1"), EIGHT_MIB);
        assertEquals(List.of(""), strings(a.argv()));
    }

    @Test
    void stringOfMaxArgStrlenIncludingNulIsAccepted() {
        ExecArgs.create(b("/p"), many(1, ExecArgs.MAX_ARG_STRLEN - 1), List.of(), EIGHT_MIB);
        assertE2big(() -> ExecArgs.create(b("/p"), many(1, ExecArgs.MAX_ARG_STRLEN),
                List.of(), EIGHT_MIB));
    }

    @Test
    void totalAboveAQuarterOfTheStackRlimitIsE2BIG() {
        int len = ExecArgs.MAX_ARG_STRLEN - 1;
        ExecArgs.create(b("/p"), many(15, len), List.of(), EIGHT_MIB);
        assertE2big(() -> ExecArgs.create(b("/p"), many(16, len), List.of(), EIGHT_MIB));
        assertE2big(() -> ExecArgs.create(b("/p"), List.of(b("p")), many(16, len), EIGHT_MIB));
    }

    @Test
    void smallStackRlimitStillAllowsArgMax() {
        ExecArgs a = ExecArgs.create(b("/p"), many(1, 100_000), List.of(), 64 * 1024);
        assertEquals(ExecArgs.ARG_MAX - 8, a.budget());
    }

    @Test
    void unlimitedStackCapsTheBudgetAtThreeQuartersOfStkLim() {
        ExecArgs a = ExecArgs.create(b("/p"), list("p"), List.of(), ExecArgs.RLIM_INFINITY);
        assertEquals(6L * 1024 * 1024 - 8, a.budget());
    }

    @Test
    void pointersCountAgainstTheBudget() {
        assertE2big(() -> ExecArgs.create(b("/p"), many(16384, 0), List.of(), 0));
        assertE2big(() -> ExecArgs.create(b("/p"), many(16000, 0), many(383, 0), 0));
    }

    @Test
    void embeddedNulIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> ExecArgs.create(b("/p"), List.of(new byte[] {'a', 0, 'b'}), List.of(), EIGHT_MIB));
    }

    @Test
    void scriptReplacesArgv0WithInterpreterArgumentAndPath() {
        ExecArgs a = ExecArgs.create(b("./run.sh"), list("run", "x", "y"), list("E=1"), EIGHT_MIB);
        ExecArgs s = a.withScript(ScriptHeader.parse(b("#!/bin/sh -e\n")));
        assertEquals(List.of("/bin/sh", "-e", "./run.sh", "x", "y"), strings(s.argv()));
        assertEquals("./run.sh", new String(s.execfn(), StandardCharsets.UTF_8));
        assertEquals("/bin/sh", new String(s.interp(), StandardCharsets.UTF_8));
        assertEquals(List.of("E=1"), strings(s.envp()));
        assertEquals(a.stringBytes() - 4 + 8 + 3 + 9, s.stringBytes());
    }

    @Test
    void nestedScriptsPassThePreviousInterpreterAsTheFile() {
        ExecArgs a = ExecArgs.create(b("/t/a.sh"), list("a.sh", "1"), List.of(), EIGHT_MIB);
        ExecArgs s = a.withScript(ScriptHeader.parse(b("#!/t/wrapper\n")))
                .withScript(ScriptHeader.parse(b("#!/usr/bin/env python3\n")));
        assertEquals(List.of("/usr/bin/env", "python3", "/t/wrapper", "/t/a.sh", "1"),
                strings(s.argv()));
    }

    @Test
    void scriptSpliceIsChargedToo() {
        int len = ExecArgs.MAX_ARG_STRLEN - 1;
        List<byte[]> env = many(15, len);
        // Leave 10 bytes of budget (17 pointers); the splice needs 18 more ("/s", interpreter, minus "s").
        env.add(new byte[(int) (2 * 1024 * 1024 - 17 * 8 - 15L * (len + 1) - 16)]);
        Arrays.fill(env.get(15), (byte) 'e');
        ExecArgs a = ExecArgs.create(b("/s"), list("s"), env, EIGHT_MIB);
        assertEquals(10, a.budget() - a.stringBytes());
        assertE2big(() -> a.withScript(ScriptHeader.parse(b("#!/bin/interpreter\n"))));
    }
}
