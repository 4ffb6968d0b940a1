package dev.umk.fs.proc;

/**
 * The two ways Linux prints a set of CPUs numbered 0..n-1 (all of them here: umk's vCPUs
 * are never offline): a list ("0-3", bitmap_print_list) and a hex mask in 32-bit words
 * separated by commas ("ff", "ffffffff,ffffffff", bitmap_print_bitmask).
 */
public final class CpuList {
    private CpuList() {}

    /** "0" for one CPU, "0-(n-1)" for more; "" for none. */
    public static String list(int n) {
        if (n <= 0) return "";
        return n == 1 ? "0" : "0-" + (n - 1);
    }

    /**
     * The mask of CPUs 0..n-1 out of {@code nrCpus} bits: the most significant word first,
     * each word as 8 hex digits except the first, which has just the digits its bits need.
     */
    public static String mask(int n, int nrCpus) {
        StringBuilder sb = new StringBuilder();
        int words = (nrCpus + 31) / 32;
        for (int w = words - 1; w >= 0; w--) {
            int bitsInWord = Math.min(32, nrCpus - w * 32);
            int digits = (bitsInWord + 3) / 4;
            long word = 0;
            for (int b = 0; b < 32; b++) {
                int cpu = w * 32 + b;
                if (cpu < n && cpu < nrCpus) word |= 1L << b;
            }
            String hex = Long.toHexString(word);
            for (int i = hex.length(); i < digits; i++) sb.append('0');
            sb.append(hex);
            if (w > 0) sb.append(',');
        }
        return sb.toString();
    }
}
