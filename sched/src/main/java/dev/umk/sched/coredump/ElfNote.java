package dev.umk.sched.coredump;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * One ELF note (Elf64_Nhdr, the name with its NUL, the descriptor), each part padded to 4
 * bytes as a core file's PT_NOTE segment holds them.
 */
public record ElfNote(String name, int type, byte[] desc) {
    /** The note's bytes in the file. */
    public int size() {
        return 12 + pad4(name.length() + 1) + pad4(desc.length);
    }

    public byte[] encode() {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(size()).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(n.length + 1).putInt(desc.length).putInt(type);
        b.put(n);
        b.position(12 + pad4(n.length + 1));
        b.put(desc);
        return b.array();
    }

    static int pad4(int n) {
        return (n + 3) & ~3;
    }
}
