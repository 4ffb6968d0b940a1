package dev.umk.cli;

import java.io.File;

/** Finds a program the way a shell does: names with a slash as they are, others on PATH. */
final class ProgramPath {
    private ProgramPath() {}

    static String resolve(String program, String path) {
        if (program.contains("/")) return new File(program).exists() ? program : null;
        String p = path == null ? "/usr/local/bin:/usr/bin:/bin" : path;
        for (String dir : p.split(":", -1)) {
            File f = new File(dir.isEmpty() ? "." : dir, program);
            if (f.isFile() && f.canExecute()) return f.getPath();
        }
        return null;
    }
}
