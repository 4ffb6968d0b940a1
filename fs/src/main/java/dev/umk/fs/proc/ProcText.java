package dev.umk.fs.proc;

import java.nio.charset.StandardCharsets;

/**
 * Builds the text of a proc file the way Linux's seq_file helpers do: decimal and hex
 * numbers, fixed-width columns, "kB" lines and padding to a column. Characters are bytes
 * (ISO-8859-1), like every name in the VFS, so command names and paths pass through
 * unchanged.
 */
final class ProcText {
    private final StringBuilder sb = new StringBuilder(512);

    ProcText put(String s) {
        sb.append(s);
        return this;
    }

    ProcText put(char c) {
        sb.append(c);
        return this;
    }

    ProcText put(long v) {
        sb.append(v);
        return this;
    }

    /** An unsigned 64-bit decimal (RLIM_INFINITY prints as 18446744073709551615). */
    ProcText putUnsigned(long v) {
        sb.append(Long.toUnsignedString(v));
        return this;
    }

    /** Raw bytes, one char each. */
    ProcText putBytes(byte[] b) {
        sb.append(new String(b, StandardCharsets.ISO_8859_1));
        return this;
    }

    /** {@code v} right-aligned in {@code width} columns (seq_put_decimal_ull_width). */
    ProcText dec(long v, int width) {
        String s = Long.toUnsignedString(v);
        for (int i = s.length(); i < width; i++) sb.append(' ');
        sb.append(s);
        return this;
    }

    /** Lower-case hex with at least {@code digits} digits, zero-filled (seq_put_hex_ll). */
    ProcText hex(long v, int digits) {
        String s = Long.toHexString(v);
        for (int i = s.length(); i < digits; i++) sb.append('0');
        sb.append(s);
        return this;
    }

    /** {@code s} left-aligned in {@code width} columns (printf's %-Ns). */
    ProcText left(String s, int width) {
        sb.append(s);
        for (int i = s.length(); i < width; i++) sb.append(' ');
        return this;
    }

    /** A line "label value kB" with the value right-aligned in 8 columns, as meminfo and smaps. */
    ProcText kb(String label, long kib) {
        sb.append(label);
        dec(kib, 8);
        sb.append(" kB");
        return put('\n');
    }

    /** Spaces up to column {@code col} of the current line (seq_pad's padding). */
    ProcText padTo(int col) {
        int lineStart = sb.lastIndexOf("\n") + 1;
        while (sb.length() - lineStart < col) sb.append(' ');
        return this;
    }

    /** Ends the line. */
    ProcText nl() {
        return put('\n');
    }

    /** Seconds and hundredths, as uptime and loadavg print them ("12.34"). */
    ProcText centis(long hundredths) {
        sb.append(hundredths / 100).append('.');
        long c = hundredths % 100;
        if (c < 10) sb.append('0');
        sb.append(c);
        return this;
    }

    byte[] bytes() {
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return sb.toString();
    }

    /** Text made from a Java (Unicode) string: its UTF-8 bytes. */
    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Clock ticks (USER_HZ, 100 per second) of a nanosecond count. */
    static long ticks(long nanos) {
        return nanos / 10_000_000L;
    }
}
