package dev.umk.hostdrv;

import java.nio.charset.StandardCharsets;

/**
 * Guest path names are byte strings, carried in Java as one char per byte (ISO-8859-1);
 * host file APIs take Unicode. These convert at the host boundary, as UTF-8.
 */
final class GuestNames {
    private GuestNames() {}

    static String toUnicode(String guest) {
        return new String(guest.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    static String fromUnicode(String host) {
        return new String(host.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }
}
