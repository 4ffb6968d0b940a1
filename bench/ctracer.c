/*
 * ctracer - the smallest PTRACE_SYSEMU kernel: the floor for any ptrace kernel.
 *
 * Runs a static program with every system call stopped by PTRACE_SYSEMU and
 * answered here, never by the host: getppid returns 1, write/writev copy the
 * guest's buffer out with process_vm_readv and write it to our own fd,
 * exit/exit_group end it; the few calls static musl needs to start
 * (arch_prctl(ARCH_SET_FS), set_tid_address) and clock_gettime (in case the
 * vDSO is not used) are emulated; everything else gets -ENOSYS.
 *
 * The per-syscall work is what umk cannot avoid either: waitpid for the
 * stop, PTRACE_GETREGS, PTRACE_POKEUSER of rax, PTRACE_SYSEMU to resume.
 * umk's getppid against this tracer's shows what umk's Java path adds.
 *
 * Usage: ctracer [-v] PROGRAM [ARGS...]    (-v: log unemulated syscalls)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef PTRACE_SYSEMU
#define PTRACE_SYSEMU 31
#endif
#define ARCH_SET_FS 0x1002

enum {
	NR_WRITE = 1, NR_WRITEV = 20, NR_GETPID = 39, NR_EXIT = 60, NR_GETPPID = 110,
	NR_ARCH_PRCTL = 158, NR_SET_TID_ADDRESS = 218, NR_CLOCK_GETTIME = 228, NR_EXIT_GROUP = 231,
};

static pid_t child;
static int verbose;

static void die(const char *what)
{
	fprintf(stderr, "ctracer: %s: %s\n", what, strerror(errno));
	if (child > 0)
		kill(child, SIGKILL);
	exit(125);
}

/* Copies guest [addr, addr+len) to host fd; returns bytes written or -errno. */
static long copy_out(int fd, unsigned long addr, size_t len)
{
	static char buf[1 << 16];
	size_t done = 0;
	if (fd != 1 && fd != 2)
		return -EBADF;
	while (done < len) {
		size_t n = len - done < sizeof buf ? len - done : sizeof buf;
		struct iovec local = {buf, n};
		struct iovec remote = {(void *)(addr + done), n};
		ssize_t got = process_vm_readv(child, &local, 1, &remote, 1, 0);
		if (got <= 0)
			return done ? (long)done : -EFAULT;
		ssize_t put = write(fd, buf, (size_t)got);
		if (put < 0)
			return done ? (long)done : -errno;
		done += (size_t)put;
		if (put < got)
			break;
	}
	return (long)done;
}

static long do_writev(int fd, unsigned long iov_addr, int iovcnt)
{
	struct iovec iov[64];
	if (iovcnt < 0 || iovcnt > 64)
		return -EINVAL;
	struct iovec local = {iov, sizeof(struct iovec) * (size_t)iovcnt};
	struct iovec remote = {(void *)iov_addr, local.iov_len};
	if (iovcnt && process_vm_readv(child, &local, 1, &remote, 1, 0) != (ssize_t)local.iov_len)
		return -EFAULT;
	long total = 0;
	for (int i = 0; i < iovcnt; i++) {
		long r = copy_out(fd, (unsigned long)iov[i].iov_base, iov[i].iov_len);
		if (r < 0)
			return total ? total : r;
		total += r;
		if ((size_t)r < iov[i].iov_len)
			break;
	}
	return total;
}

static long do_clock_gettime(int clk, unsigned long ts_addr)
{
	struct timespec ts;
	if (clock_gettime(clk, &ts) != 0)
		return -errno;
	struct iovec local = {&ts, sizeof ts};
	struct iovec remote = {(void *)ts_addr, sizeof ts};
	return process_vm_writev(child, &local, 1, &remote, 1, 0) == sizeof ts ? 0 : -EFAULT;
}

static void finish(int status)
{
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	exit(status);
}

/* Answers one system call stop; the result goes to the guest's rax. */
static void syscall_stop(void)
{
	struct user_regs_struct r;
	long ret;

	if (ptrace(PTRACE_GETREGS, child, 0, &r) != 0)
		die("PTRACE_GETREGS");
	switch (r.orig_rax) {
	case NR_GETPPID:
		ret = 1;
		break;
	case NR_GETPID:
	case NR_SET_TID_ADDRESS:
		ret = child;
		break;
	case NR_WRITE:
		ret = copy_out((int)r.rdi, r.rsi, r.rdx);
		break;
	case NR_WRITEV:
		ret = do_writev((int)r.rdi, r.rsi, (int)r.rdx);
		break;
	case NR_CLOCK_GETTIME:
		ret = do_clock_gettime((int)r.rdi, r.rsi);
		break;
	case NR_EXIT:
	case NR_EXIT_GROUP:
		finish((int)(r.rdi & 0xff));
		return;
	case NR_ARCH_PRCTL:
		if (r.rdi != ARCH_SET_FS) {
			ret = -EINVAL;
			break;
		}
		r.fs_base = r.rsi;
		r.rax = 0;
		if (ptrace(PTRACE_SETREGS, child, 0, &r) != 0)
			die("PTRACE_SETREGS");
		return;
	default:
		if (verbose)
			fprintf(stderr, "ctracer: syscall %llu -> ENOSYS\n", r.orig_rax);
		ret = -ENOSYS;
	}
	if (ptrace(PTRACE_POKEUSER, child, offsetof(struct user, regs.rax), ret) != 0)
		die("PTRACE_POKEUSER");
}

static void start(char **argv)
{
	child = fork();
	if (child < 0)
		die("fork");
	if (child == 0) {
		if (ptrace(PTRACE_TRACEME, 0, 0, 0) != 0)
			_exit(126);
		raise(SIGSTOP);
		execv(argv[0], argv);
		_exit(127);
	}
	int st;
	if (waitpid(child, &st, 0) != child || !WIFSTOPPED(st))
		die("waiting for the child's SIGSTOP");
	long opts = PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL | PTRACE_O_TRACEEXEC;
	if (ptrace(PTRACE_SETOPTIONS, child, 0, opts) != 0)
		die("PTRACE_SETOPTIONS");
	/* Let execve itself run on the host; emulation starts in the new image. */
	if (ptrace(PTRACE_CONT, child, 0, 0) != 0)
		die("PTRACE_CONT");
	if (waitpid(child, &st, 0) != child)
		die("waitpid");
	if (!WIFSTOPPED(st) || st >> 8 != (SIGTRAP | (PTRACE_EVENT_EXEC << 8))) {
		fprintf(stderr, "ctracer: exec of %s failed\n", argv[0]);
		exit(127);
	}
}

int main(int argc, char **argv)
{
	int first = 1;
	if (argc > 1 && strcmp(argv[1], "-v") == 0) {
		verbose = 1;
		first = 2;
	}
	if (argc <= first) {
		fprintf(stderr, "usage: ctracer [-v] PROGRAM [ARGS...]\n");
		return 2;
	}
	start(argv + first);

	int sig = 0;
	for (;;) {
		int st;
		if (ptrace(PTRACE_SYSEMU, child, 0, sig) != 0)
			die("PTRACE_SYSEMU");
		sig = 0;
		if (waitpid(child, &st, 0) != child)
			die("waitpid");
		if (WIFEXITED(st))
			return WEXITSTATUS(st);
		if (WIFSIGNALED(st))
			return 128 + WTERMSIG(st);
		if (WSTOPSIG(st) == (SIGTRAP | 0x80))
			syscall_stop();
		else
			sig = WSTOPSIG(st); /* a real signal (a fault): deliver it */
	}
}
