package dev.umk.syscalls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.umk.core.abi.FileFlags;
import dev.umk.core.abi.Stat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** getdents(2)'s old linux_dirent records, made in place from linux_dirent64 ones. */
class OldDirentTest {
    @Test
    void recordsKeepTheirLengthAndMoveNameAndType() {
        ByteBuffer b = ByteBuffer.allocate(128);
        Stat.putDirent64(b, 7, 1, FileFlags.DT_DIR, "a".getBytes(StandardCharsets.US_ASCII));
        Stat.putDirent64(b, 9, 2, FileFlags.DT_REG, "longer-name".getBytes(StandardCharsets.US_ASCII));
        int n = b.position();
        byte[] raw = b.array();
        DirSyscalls.toOldDirents(raw, n);
        ByteBuffer r = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        int first = r.getShort(16);
        assertEquals(24, first, "ALIGN(18 + 1 + 2, 8)");
        assertEquals(7, r.getLong(0));
        assertEquals(1, r.getLong(8));
        assertEquals('a', raw[18]);
        assertEquals(0, raw[19]);
        assertEquals(FileFlags.DT_DIR, raw[first - 1]);
        int second = r.getShort(first + 16);
        assertEquals(32, second, "ALIGN(18 + 11 + 2, 8)");
        assertEquals("longer-name", new String(raw, first + 18, 11, StandardCharsets.US_ASCII));
        assertEquals(0, raw[first + 18 + 11]);
        assertEquals(FileFlags.DT_REG, raw[first + second - 1]);
        assertEquals(n, first + second);
    }
}
