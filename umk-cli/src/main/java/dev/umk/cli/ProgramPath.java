package dev.umk.cli;

import java.io.File;

/**
 * Finds a program the way a shell does: names with a slash as they are, others on PATH;
 * looked for under the guest's root directory on the host, so the result is a guest path.
 */
final class ProgramPath {
    private ProgramPath() {}

    /** The guest path of {@code program}, or null when no such file exists under {@code root}. */
    static String resolve(String root, String program, String path) {
        if (program.contains("/")) return new File(onHost(root, program)).exists() ? program : null;
        String p = path == null ? "/usr/local/bin:/usr/bin:/bin" : path;
        for (String dir : p.split(":", -1)) {
            String guest = (dir.isEmpty() ? "." : dir) + "/" + program;
            File f = new File(onHost(root, guest));
            if (f.isFile() && f.canExecute()) return guest;
        }
        return null;
    }

    private static String onHost(String root, String guest) {
        if (root.equals("/") || !guest.startsWith("/")) return guest;
        return root + guest;
    }
}
