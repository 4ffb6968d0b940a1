package dev.umk.sched.exec;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import java.util.Objects;
import java.util.Optional;

/**
 * An executable and, when it names one in PT_INTERP, its opened and parsed interpreter. Built
 * before execve's point of no return so that a missing or bad interpreter fails the call
 * (ENOENT, EACCES, ELIBBAD ...) while the caller's old image is still intact.
 */
public record ElfBinary(ElfFile executable, Optional<ElfFile> interpreter) {

    /** Opens an interpreter path in the guest's filesystem (open_exec semantics and errnos). */
    @FunctionalInterface
    public interface InterpreterOpener {
        ElfSource open(String path);
    }

    public ElfBinary {
        Objects.requireNonNull(executable);
        Objects.requireNonNull(interpreter);
    }

    /**
     * Parses {@code exe} and, if it has PT_INTERP, opens and parses the interpreter. An
     * interpreter that is not a loadable x86-64 ELF is ELIBBAD, as in load_elf_binary.
     */
    public static ElfBinary open(ElfSource exe, InterpreterOpener opener) {
        ElfFile file = ElfFile.parse(exe);
        Optional<String> path = file.interpreter();
        if (path.isEmpty()) return new ElfBinary(file, Optional.empty());
        ElfSource interpSource = opener.open(path.get());
        try {
            return new ElfBinary(file, Optional.of(ElfFile.parse(interpSource)));
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENOEXEC) {
                throw new ErrnoException(Errno.ELIBBAD, "interpreter " + path.get());
            }
            throw e;
        }
    }
}
