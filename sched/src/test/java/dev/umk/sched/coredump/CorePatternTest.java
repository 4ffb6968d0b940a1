package dev.umk.sched.coredump;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class CorePatternTest {
    static final CorePattern.Context C = new CorePattern.Context(42, 43, 1000, 100, 1, 11, 1700000000L,
            "box", "a/b", "/usr/bin/prog", -1);

    @Test
    void plainNameStaysAsIs() {
        assertEquals("core", CorePattern.format("core", C, false));
    }

    @Test
    void specifiersExpand() {
        assertEquals("/tmp/core.42.42.43.43.1000.100.1.11.1700000000.box.%",
                CorePattern.format("/tmp/core.%p.%P.%i.%I.%u.%g.%d.%s.%t.%h.%%", C, false));
        assertEquals("18446744073709551615", CorePattern.format("%c", C, false), "RLIM_INFINITY unsigned");
    }

    @Test
    void processNamesCannotAddDirectories() {
        assertEquals("core-a!b-!usr!bin!prog-prog", CorePattern.format("core-%e-%E-%f", C, false));
        CorePattern.Context dot = new CorePattern.Context(1, 1, 0, 0, 1, 6, 0, "", "..", "", 0);
        assertEquals("!.-!", CorePattern.format("%e-%h", dot, false));
    }

    @Test
    void unknownAndTrailingPercentExpandToNothing() {
        assertEquals("core.", CorePattern.format("core.%z%", C, false));
    }

    @Test
    void coreUsesPidAppendsThePidOnlyWithoutPercentP() {
        assertEquals("core.42", CorePattern.format("core", C, true));
        assertEquals("core.42", CorePattern.format("core.%p", C, true));
        assertEquals("core.42.42", CorePattern.format("core.%P", C, true), "only %p counts");
    }

    @Test
    void pipesAreRecognised() {
        assertTrue(CorePattern.isPipe("|/usr/lib/systemd/systemd-coredump %P"));
        assertFalse(CorePattern.isPipe("core"));
    }
}
