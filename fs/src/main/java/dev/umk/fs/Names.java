package dev.umk.fs;

import java.nio.charset.StandardCharsets;

/**
 * Names in the VFS are byte strings: a Java String whose every char is one byte (0..255)
 * of the guest's name, decoded as ISO-8859-1. This keeps any byte sequence a guest uses
 * (invalid UTF-8 included) exact, and makes {@code String.length()} the byte length that
 * NAME_MAX and PATH_MAX limit. Only hostfs converts to the host's encoding.
 */
public final class Names {
    private Names() {}

    public static String fromBytes(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    public static String fromBytes(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }

    public static byte[] toBytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A Unicode string (e.g. from the host) as the byte string of its UTF-8 encoding. */
    public static String fromUnicode(String s) {
        return fromBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A byte string read as UTF-8, for host APIs that take Unicode. */
    public static String toUnicode(String s) {
        return new String(toBytes(s), StandardCharsets.UTF_8);
    }
}
