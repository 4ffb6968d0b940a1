package dev.umk.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code umk} command. */
@Command(name = "umk", mixinStandardHelpOptions = true, version = "umk 0.1.0",
        description = "A Linux-ABI-compatible user-mode kernel: runs unmodified x86-64 Linux programs.",
        subcommands = {RunCommand.class, SyscallsCommand.class, CdsTrainingCommand.class})
public final class Main implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new Main());
        cl.getSubcommands().get("run").setStopAtPositional(true);
        System.exit(cl.execute(args));
    }
}
