package dev.umk.sched.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ScriptHeaderTest {
    private static ScriptHeader parse(String head) {
        return ScriptHeader.parse(head.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String str(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static void assertScript(String head, String interp, String arg) {
        ScriptHeader h = parse(head);
        assertEquals(interp, str(h.interpreter()));
        assertEquals(arg, h.arg().map(ScriptHeaderTest::str).orElse(null));
    }

    private static void assertNotExecutable(String head) {
        ErrnoException e = assertThrows(ErrnoException.class, () -> parse(head));
        assertEquals(Errno.ENOEXEC, e.errno());
    }

    @Test
    void interpreterWithoutArgument() {
        assertScript("#!/bin/sh\necho hi\n", "/bin/sh", null);
    }

    @Test
    void leadingAndTrailingBlanksAreTrimmed() {
        assertScript("#! \t/bin/sh -e \t\n", "/bin/sh", "-e");
        assertScript("#!/bin/sh   \n", "/bin/sh", null);
    }

    @Test
    void everythingAfterTheFirstBlankIsOneArgument() {
        assertScript("#!/usr/bin/env -S awk -f\n", "/usr/bin/env", "-S awk -f");
        assertScript("#!/bin/sh\t-x\n", "/bin/sh", "-x");
    }

    @Test
    void nulEndsTheInterpreterAndDropsTheArgument() {
        assertScript("#!/bin/sh\0 -x\n", "/bin/sh", null);
    }

    @Test
    void carriageReturnIsPartOfTheName() {
        assertScript("#!/bin/sh\r\n", "/bin/sh\r", null);
    }

    @Test
    void emptyOrBlankLineIsENOEXEC() {
        assertNotExecutable("#!\n");
        assertNotExecutable("#!   \t\n");
        assertNotExecutable("#!" + " ".repeat(300));
    }

    @Test
    void bareHashBangNamesAnEmptyInterpreter() {
        // Linux then fails open_exec("") with ENOENT.
        assertScript("#!", "", null);
    }

    @Test
    void interpreterPathCutByTheBufferIsENOEXEC() {
        assertNotExecutable("#!/" + "a".repeat(300));
    }

    @Test
    void argumentCutByTheBufferIsKept() {
        ScriptHeader h = parse("#!/bin/sh " + "x".repeat(300));
        assertEquals("/bin/sh", str(h.interpreter()));
        assertEquals("x".repeat(ScriptHeader.BINPRM_BUF_SIZE - 11), str(h.arg().orElseThrow()));
    }

    @Test
    void newlineBeyondTheBufferStillFindsACompletePath() {
        assertScript("#!/bin/sh" + " ".repeat(300) + "\n", "/bin/sh", null);
    }

    @Test
    void nonScriptIsENOEXEC() {
        assertFalse(ScriptHeader.isScript(new byte[] {0x7f, 'E', 'L', 'F'}));
        assertFalse(ScriptHeader.isScript(new byte[] {'#'}));
        assertTrue(ScriptHeader.isScript("#!x".getBytes()));
        assertNotExecutable("# !/bin/sh\n");
        assertNotExecutable("");
    }

    @Test
    void accessorsReturnCopies() {
        ScriptHeader h = parse("#!/bin/sh -e\n");
        h.interpreter()[0] = 'X';
        h.arg().orElseThrow()[0] = 'X';
        assertArrayEquals("/bin/sh".getBytes(), h.interpreter());
        assertArrayEquals("-e".getBytes(), h.arg().orElseThrow());
    }
}
