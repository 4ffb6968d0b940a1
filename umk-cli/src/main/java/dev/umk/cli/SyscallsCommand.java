package dev.umk.cli;

import dev.umk.syscalls.SyscallTable;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code umk syscalls}: the support table, generated from the syscall table itself. */
@Command(name = "syscalls", description = "Print which Linux syscalls umk implements.")
final class SyscallsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        SyscallTable t = new SyscallTable();
        System.out.println(" nr  name                     implemented by");
        for (String line : t.describe()) System.out.println(line);
        System.out.println(t.implementedCount() + " syscalls implemented; the rest answer ENOSYS.");
        return 0;
    }
}
