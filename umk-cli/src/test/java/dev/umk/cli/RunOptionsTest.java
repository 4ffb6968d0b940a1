package dev.umk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.umk.core.kernel.Credentials;
import org.junit.jupiter.api.Test;

/** Parsing of umk run's --volume and --user options. */
class RunOptionsTest {
    @Test
    void volumeIsReadWriteUnlessRo() {
        assertEquals(new Volume("/h", "/g", false), Volume.parse("/h:/g"));
        assertEquals(new Volume("/h", "/g", false), Volume.parse("/h:/g:rw"));
        assertEquals(new Volume("rel", "/g", true), Volume.parse("rel:/g:ro"));
    }

    @Test
    void malformedVolumesAreRejectedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Volume.parse("/h")).getMessage().contains("HOST:GUEST"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Volume.parse("/h:/g:rx")).getMessage().contains("ro or rw"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Volume.parse("/h:g")).getMessage().contains("absolute"));
        assertThrows(IllegalArgumentException.class, () -> Volume.parse(":/g"));
    }

    @Test
    void userSetsEveryIdWithoutSupplementaryGroups() {
        Credentials c = RunCommand.parseUser("65534:100");
        assertEquals(65534, c.ruid());
        assertEquals(65534, c.euid());
        assertEquals(65534, c.fsuid());
        assertEquals(100, c.rgid());
        assertEquals(100, c.fsgid());
        assertEquals(0, c.groups().length);
    }

    @Test
    void malformedUsersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> RunCommand.parseUser("nobody"));
        assertThrows(IllegalArgumentException.class, () -> RunCommand.parseUser("1:2:3"));
        assertThrows(IllegalArgumentException.class, () -> RunCommand.parseUser("-1:0"));
    }

    @Test
    void programsAreFoundUnderTheGuestRoot() {
        assertEquals("/bin/sh", ProgramPath.resolve("/", "sh", "/nonexistent:/bin"));
        assertEquals(null, ProgramPath.resolve("/nonexistent-root", "sh", "/bin"));
        assertEquals("/bin/busybox", ProgramPath.resolve("/", "/bin/busybox", null));
    }
}
