package dev.umk.sched.exec;

/**
 * The post-point-of-no-return half of execve for an ELF binary (load_elf_binary from
 * setup_arg_pages on): maps the program and interpreter, then builds the initial stack. The
 * caller has already torn down the old address space; an exception from here must kill the
 * task (SIGSEGV), as Linux does.
 */
public final class BinfmtElf {
    private BinfmtElf() {}

    /** Where the new image starts: set rip and rsp, clear the other registers. */
    public record ExecImage(LoadedImage image, StackImage stack) {
        public long rip() {
            return image.entry();
        }

        public long rsp() {
            return stack.rsp();
        }
    }

    /**
     * Loads {@code bprm} into {@code mem} with the stack top randomized below TASK_SIZE.
     *
     * @param auxv the process-specific auxv values (HWCAP, credentials, AT_SECURE ...)
     */
    public static ExecImage load(ExecMemory mem, Binprm bprm, AuxvBuilder auxv, Aslr aslr) {
        long stackTop = aslr.stackTop(mem.taskSize());
        LoadedImage image = ElfLoader.load(mem, bprm.binary(), aslr);
        StackImage stack = InitialStack.build(mem, stackTop, bprm.args(), image, auxv, aslr);
        return new ExecImage(image, stack);
    }
}
