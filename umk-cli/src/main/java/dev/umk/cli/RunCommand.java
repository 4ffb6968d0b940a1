package dev.umk.cli;

import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.hostdrv.HostFiles;
import dev.umk.sched.ExitStatus;
import dev.umk.sched.Signals;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code umk run PROGRAM [ARGS...]}: boots a kernel and runs one program as its init. */
@Command(name = "run", description = "Run a Linux program under umk.")
final class RunCommand implements Callable<Integer> {
    @Option(names = "--strace", description = "Print the guest's syscalls in strace format to stderr.")
    boolean strace;

    @Option(names = "--strace-file", paramLabel = "FILE", description = "Like --strace, into FILE.")
    String straceFile;

    @Option(names = {"-e", "--env"}, paramLabel = "NAME=VALUE", description = "Set an environment variable.")
    List<String> setEnv = new ArrayList<>();

    @Option(names = {"-u", "--unset"}, paramLabel = "NAME", description = "Remove an environment variable.")
    List<String> unsetEnv = new ArrayList<>();

    @Option(names = {"-i", "--clear-env"}, description = "Start with an empty environment.")
    boolean clearEnv;

    @Option(names = "--cpus", paramLabel = "N", description = "Virtual CPUs the guest sees (default: host cores).")
    int cpus = Runtime.getRuntime().availableProcessors();

    @Option(names = "--memory", paramLabel = "MiB", description = "Guest physical memory in MiB (default 4096).")
    long memoryMiB = 4096;

    @Option(names = "--root", paramLabel = "DIR", description = "Host directory shown read-only as the guest's / (default: the host's /).")
    String root = "/";

    @Option(names = {"-v", "--volume"}, paramLabel = "HOST:GUEST[:ro|rw]",
            description = "Show a host directory at GUEST; writes go to the host unless :ro.")
    List<String> volumes = new ArrayList<>();

    @Option(names = "--user", paramLabel = "UID:GID", description = "Run the guest as this user and group (default: the caller's).")
    String user;

    @Parameters(index = "0", paramLabel = "PROGRAM", description = "Program to run (searched on PATH).")
    String program;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Its arguments.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Map<String, String> env = clearEnv ? new LinkedHashMap<>() : new LinkedHashMap<>(System.getenv());
        for (String u : unsetEnv) env.remove(u);
        for (String kv : setEnv) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                System.err.println("umk: --env wants NAME=VALUE, got: " + kv);
                return 125;
            }
            env.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        Boot.Options options;
        try {
            options = options();
        } catch (IllegalArgumentException e) {
            System.err.println("umk: " + e.getMessage());
            return 125;
        }
        String path = ProgramPath.resolve(root, program, env.get("PATH"));
        if (path == null) {
            System.err.println("umk: " + program + ": command not found");
            return 127;
        }
        List<String> argv = new ArrayList<>();
        argv.add(program);
        argv.addAll(args);
        List<String> envp = new ArrayList<>();
        env.forEach((k, v) -> envp.add(k + "=" + v));

        PrintStream straceOut = null;
        if (straceFile != null) {
            straceOut = new PrintStream(new FileOutputStream(straceFile), true);
        } else if (strace) {
            straceOut = new PrintStream(new FileOutputStream(java.io.FileDescriptor.err), true);
        }
        Boot boot = new Boot(memoryMiB << 20, cpus, straceOut, options);
        int status;
        try {
            status = boot.runInit(path, argv, envp);
        } catch (ErrnoException e) {
            System.err.println("umk: " + program + ": " + e.errno().description());
            return e.errno() == dev.umk.core.abi.Errno.ENOENT ? 127 : 126;
        }
        if (straceOut != null) {
            straceOut.println(ExitStatus.isExited(status)
                    ? "+++ exited with " + ExitStatus.exitCode(status) + " +++"
                    : "+++ killed by " + Signals.name(ExitStatus.termSig(status)) + " +++");
            straceOut.flush();
        }
        return shellStatus(status);
    }

    private Boot.Options options() {
        List<Volume> vols = new ArrayList<>();
        for (String v : volumes) vols.add(Volume.parse(v));
        File rootDir = new File(root);
        if (!rootDir.isDirectory()) throw new IllegalArgumentException("--root " + root + ": not a directory");
        Credentials cred = user == null ? Credentials.of(HostFiles.uid(), HostFiles.gid()) : parseUser(user);
        return new Boot.Options(rootDir.getAbsolutePath(), vols, System.getProperty("user.dir"), cred);
    }

    /** UID:GID (numbers) as the guest's real, effective, saved and filesystem ids, with no supplementary groups. */
    static Credentials parseUser(String spec) {
        String[] p = spec.split(":", -1);
        try {
            if (p.length != 2) throw new NumberFormatException();
            return Credentials.of(Integer.parseUnsignedInt(p[0]), Integer.parseUnsignedInt(p[1]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--user wants UID:GID (numbers), got: " + spec);
        }
    }

    /** The exit status a shell reports, printing the signal's name as a shell does. */
    static int shellStatus(int status) {
        if (ExitStatus.isExited(status)) return ExitStatus.exitCode(status);
        int sig = ExitStatus.termSig(status);
        if (sig != Signals.SIGINT && sig != Signals.SIGPIPE) {
            System.err.println(Signals.description(sig) + (ExitStatus.coreDumped(status) ? " (core dumped)" : ""));
        }
        return 128 + sig;
    }
}
