package dev.umk.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.concurrent.Callable;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code umk cds-training PROGRAM...} (hidden): the run the launcher records its
 * class-data-sharing archive from. It loads and links every umk class, not only those one
 * small program needs, so the first use of any syscall path (an epoll_wait, a ptrace)
 * in a later run finds its classes already parsed and verified; then it runs PROGRAM like
 * {@code umk run} does, which loads the JDK and library classes of a boot.
 */
@Command(name = "cds-training", hidden = true, description = "Load every class, then run PROGRAM (CDS training).")
final class CdsTrainingCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", description = "a program and its arguments, as for umk run")
    java.util.List<String> program;

    @Override
    public Integer call() throws IOException {
        loadAll();
        CommandLine run = new CommandLine(new RunCommand());
        run.setStopAtPositional(true);
        return run.execute(program.toArray(new String[0]));
    }

    /** Every dev.umk class in the jars on the class path, loaded (the dump links them), not initialized. */
    private static void loadAll() throws IOException {
        ClassLoader loader = CdsTrainingCommand.class.getClassLoader();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!entry.endsWith(".jar")) continue;
            try (JarFile jf = new JarFile(Path.of(entry).toFile())) {
                for (Enumeration<JarEntry> e = jf.entries(); e.hasMoreElements();) {
                    String n = e.nextElement().getName();
                    if (!n.startsWith("dev/umk/") || !n.endsWith(".class") || n.endsWith("package-info.class")) continue;
                    try {
                        Class.forName(n.substring(0, n.length() - 6).replace('/', '.'), false, loader);
                    } catch (LinkageError | ClassNotFoundException ignored) {
                        // a class that cannot be linked here is simply not archived
                    }
                }
            }
        }
    }
}
