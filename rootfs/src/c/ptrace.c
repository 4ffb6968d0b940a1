/*
 * ptrace - one process tracing another: PTRACE_TRACEME, ATTACH, SEIZE, syscall stops
 * (counted for a known sequence, an argument changed at entry, a syscall skipped, a result
 * changed at exit), PTRACE_GET_SYSCALL_INFO, PEEK/POKE (also into read-only text),
 * GETREGS, GETFPREGS, process_vm_readv, signal-delivery-stops that suppress and inject
 * signals, PTRACE_GETSIGINFO, exec and fork events with GETEVENTMSG, the legacy SIGTRAP
 * after execve, INTERRUPT/LISTEN on a seized tracee, PTRACE_O_EXITKILL, single-stepping
 * (the step count of a fixed code path, syscalls included), and error cases.
 *
 * With the argument "getpids" it only forks once and calls getpid three times, for strace.
 *
 * Prints only facts that do not depend on pids or addresses, so native and umk output
 * compare byte for byte. ptrace is called through syscall(2) so PEEK* behave as the raw
 * system call (the word is stored at *data).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errname.h"

static const char *self_path;

/* struct ptrace_syscall_info of linux/ptrace.h (musl's headers lack it). */
struct syscall_info {
	uint8_t op;
	uint8_t pad[3];
	uint32_t arch;
	uint64_t instruction_pointer;
	uint64_t stack_pointer;
	union {
		struct { uint64_t nr; uint64_t args[6]; } entry;
		struct { int64_t rval; uint8_t is_error; } exit;
	};
};

static long pt(long req, pid_t pid, long addr, long data)
{
	long r = syscall(SYS_ptrace, req, pid, addr, data);
	return r < 0 ? -errno : r;
}

static void check(const char *what, long r)
{
	if (r < 0)
		printf("%s: %s\n", what, errname((int)-r));
}

static int wait_for(pid_t pid)
{
	int st;
	if (waitpid(pid, &st, __WALL) != pid) {
		printf("waitpid: %s\n", errname(errno));
		exit(1);
	}
	return st;
}

static void describe(const char *what, int st)
{
	if (WIFEXITED(st))
		printf("%s: exited %d\n", what, WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		printf("%s: killed by signal %d\n", what, WTERMSIG(st));
	else if (WIFSTOPPED(st))
		printf("%s: stopped sig %d event %d\n", what, WSTOPSIG(st), st >> 16);
	else
		printf("%s: status %#x\n", what, st);
}

static pid_t fork_flushed(void)
{
	fflush(stdout);
	return fork();
}

/* A traced child: TRACEME, then stops itself with SIGSTOP. */
static void traceme_and_stop(void)
{
	if (pt(PTRACE_TRACEME, 0, 0, 0) != 0)
		_exit(100);
	raise(SIGSTOP);
}

/* ---- syscall stops ------------------------------------------------------------------ */

static void test_syscall_stops(void)
{
	printf("-- syscall stops\n");
	pid_t c = fork_flushed();
	if (c == 0) {
		traceme_and_stop();
		syscall(SYS_getpid);
		syscall(SYS_getpid);
		syscall(SYS_getpid);
		_exit(7);
	}
	int st = wait_for(c);
	describe("after TRACEME+raise", st);
	check("SETOPTIONS", pt(PTRACE_SETOPTIONS, c, 0, PTRACE_O_TRACESYSGOOD));
	int entries = 0, exits = 0, other = 0, in = 0, bad_pid = 0, info_ok = 0;
	for (;;) {
		check("SYSCALL", pt(PTRACE_SYSCALL, c, 0, 0));
		st = wait_for(c);
		if (!WIFSTOPPED(st))
			break;
		if (WSTOPSIG(st) != (SIGTRAP | 0x80)) {
			other++;
			continue;
		}
		struct user_regs_struct r;
		check("GETREGS", pt(PTRACE_GETREGS, c, 0, (long)&r));
		in = !in;
		if (r.orig_rax != SYS_getpid)
			continue;
		struct syscall_info si;
		long n = pt(PTRACE_GET_SYSCALL_INFO, c, sizeof si, (long)&si);
		if (in) {
			entries++;
			if (n == 80 && si.op == 1 && si.entry.nr == SYS_getpid
			    && si.arch == 0xc000003e && si.instruction_pointer == r.rip)
				info_ok++;
		} else {
			exits++;
			if ((pid_t)r.rax != c)
				bad_pid++;
			if (n == 33 && si.op == 2 && si.exit.rval == c && !si.exit.is_error)
				info_ok++;
		}
	}
	printf("getpid entry stops %d, exit stops %d, results wrong %d, syscall info ok %d, other stops %d\n",
	       entries, exits, bad_pid, info_ok, other);
	describe("tracee", st);
}

/* ---- changing a syscall at entry and exit --------------------------------------------- */

static void test_syscall_changes(void)
{
	printf("-- changing syscalls\n");
	pid_t c = fork_flushed();
	if (c == 0) {
		traceme_and_stop();
		long a = syscall(SYS_getpid);     /* result made 42 at exit */
		long b = syscall(SYS_dup, 999);   /* fd changed to 1 at entry */
		long d = syscall(SYS_getuid);     /* skipped at entry, 777 at exit */
		_exit((a == 42) | (b >= 0) << 1 | (d == 777) << 2);
	}
	wait_for(c);
	check("SETOPTIONS", pt(PTRACE_SETOPTIONS, c, 0, PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL));
	int st, in = 0;
	for (;;) {
		check("SYSCALL", pt(PTRACE_SYSCALL, c, 0, 0));
		st = wait_for(c);
		if (!WIFSTOPPED(st))
			break;
		struct user_regs_struct r;
		pt(PTRACE_GETREGS, c, 0, (long)&r);
		in = !in;
		if (in && r.orig_rax == SYS_getpid) {
			printf("entry rax is -ENOSYS: %d\n", (long)r.rax == -ENOSYS);
		} else if (!in && r.orig_rax == SYS_getpid) {
			check("POKEUSER rax", pt(PTRACE_POKEUSER, c, offsetof(struct user, regs.rax), 42));
		} else if (in && r.orig_rax == SYS_dup) {
			r.rdi = 1;
			check("SETREGS", pt(PTRACE_SETREGS, c, 0, (long)&r));
		} else if (in && r.orig_rax == SYS_getuid) {
			check("POKEUSER orig_rax", pt(PTRACE_POKEUSER, c, offsetof(struct user, regs.orig_rax), -1));
		} else if (!in && r.orig_rax == (unsigned long)-1) {
			printf("skipped syscall returns %s\n", errname((int)-(long)r.rax));
			r.rax = 777;
			check("SETREGS", pt(PTRACE_SETREGS, c, 0, (long)&r));
		}
	}
	describe("tracee (7: all three changes seen)", st);
}

/* ---- memory and registers --------------------------------------------------------------- */

static volatile long value = 0x1122334455667788L;

__attribute__((noinline)) static int answer(void)
{
	return 1;
}

static int (*volatile answer_fn)(void) = answer;

static void test_memory(void)
{
	printf("-- memory and registers\n");
	pid_t c = fork_flushed();
	if (c == 0) {
		traceme_and_stop();
		_exit((value == 0x55aa ? 10 : 20) + answer_fn());
	}
	wait_for(c);
	long word = 0;
	check("PEEKDATA", pt(PTRACE_PEEKDATA, c, (long)&value, (long)&word));
	printf("peeked %#lx\n", word);
	check("POKEDATA", pt(PTRACE_POKEDATA, c, (long)&value, 0x55aa));
	/* process_vm_readv sees the poked value. */
	long seen = 0;
	struct iovec l = {&seen, sizeof seen}, rv = {(void *)&value, sizeof value};
	ssize_t n = process_vm_readv(c, &l, 1, &rv, 1, 0);
	printf("process_vm_readv %zd bytes: %#lx\n", n, seen);
	/* Patch the read-only code of answer() in the child: mov $2,%eax; ret. */
	long code = 0;
	check("PEEKTEXT", pt(PTRACE_PEEKTEXT, c, (long)answer_fn, (long)&code));
	unsigned char patch[8];
	memcpy(patch, &code, 8);
	unsigned char insn[6] = {0xb8, 0x02, 0x00, 0x00, 0x00, 0xc3};
	memcpy(patch, insn, sizeof insn);
	memcpy(&code, patch, 8);
	check("POKETEXT", pt(PTRACE_POKETEXT, c, (long)answer_fn, code));
	struct iovec wl = {&code, sizeof code}, wr = {(void *)answer_fn, sizeof code};
	n = process_vm_writev(c, &wl, 1, &wr, 1, 0);
	printf("process_vm_writev to read-only text: %s\n", n < 0 ? errname(errno) : "written");
	printf("tracer's own answer() still %d\n", answer_fn());
	struct user_regs_struct r;
	check("GETREGS", pt(PTRACE_GETREGS, c, 0, (long)&r));
	printf("stopped in tkill: orig_rax=%ld rax=%ld, rsp 8-aligned %d, rip nonzero %d\n",
	       (long)r.orig_rax, (long)r.rax, (r.rsp & 7) == 0, r.rip != 0);
	long peek_rsp = 0;
	check("PEEKUSER", pt(PTRACE_PEEKUSER, c, offsetof(struct user, regs.rsp), (long)&peek_rsp));
	printf("PEEKUSER rsp matches %d\n", (unsigned long)peek_rsp == r.rsp);
	long dr7 = -1;
	check("PEEKUSER dr7", pt(PTRACE_PEEKUSER, c, offsetof(struct user, u_debugreg[7]), (long)&dr7));
	printf("dr7 %ld\n", dr7);
	printf("PEEKUSER misaligned: %s\n", errname((int)-pt(PTRACE_PEEKUSER, c, 3, (long)&dr7)));
	printf("PEEKUSER past struct user: %s\n", errname((int)-pt(PTRACE_PEEKUSER, c, sizeof(struct user), (long)&dr7)));
	struct user_fpregs_struct fp;
	check("GETFPREGS", pt(PTRACE_GETFPREGS, c, 0, (long)&fp));
	printf("fpu cwd %#x mxcsr %#x\n", fp.cwd, fp.mxcsr);
	struct iovec iov = {&r, sizeof r};
	check("GETREGSET", pt(PTRACE_GETREGSET, c, 1 /* NT_PRSTATUS */, (long)&iov));
	printf("GETREGSET NT_PRSTATUS length %zu\n", iov.iov_len);
	iov.iov_len = sizeof fp;
	iov.iov_base = &fp;
	check("GETREGSET", pt(PTRACE_GETREGSET, c, 2 /* NT_PRFPREG */, (long)&iov));
	printf("GETREGSET NT_PRFPREG length %zu\n", iov.iov_len);
	printf("GETREGSET bad type: %s\n", errname((int)-pt(PTRACE_GETREGSET, c, 0x999, (long)&iov)));
	printf("PEEKDATA at 0: %s\n", errname((int)-pt(PTRACE_PEEKDATA, c, 0, (long)&word)));
	printf("unknown request: %s\n", errname((int)-pt(0x9999, c, 0, 0)));
	check("CONT", pt(PTRACE_CONT, c, 0, 0));
	describe("tracee (12: saw the poke and the patched code)", wait_for(c));
}

/* ---- signals ------------------------------------------------------------------------------ */

static volatile int handled;

static void on_usr1(int sig)
{
	(void)sig;
	handled++;
}

static void test_signals(void)
{
	printf("-- signal-delivery-stops\n");
	pid_t c = fork_flushed();
	if (c == 0) {
		signal(SIGUSR1, on_usr1);
		signal(SIGUSR2, SIG_DFL);
		traceme_and_stop();
		raise(SIGUSR1);   /* suppressed by the tracer */
		raise(SIGUSR2);   /* replaced by SIGUSR1 */
		signal(SIGTERM, SIG_IGN);
		raise(SIGTERM);   /* ignored, but the tracer still sees it */
		_exit(handled);
	}
	int st = wait_for(c);
	for (;;) {
		check("CONT", pt(PTRACE_CONT, c, 0, 0));
		st = wait_for(c);
		if (!WIFSTOPPED(st))
			break;
		int sig = WSTOPSIG(st);
		siginfo_t si;
		check("GETSIGINFO", pt(PTRACE_GETSIGINFO, c, 0, (long)&si));
		printf("stopped with signal %d: si_code %d, from itself %d\n", sig, si.si_code, si.si_pid == c);
		if (sig == SIGUSR1) {
			printf("  suppressing it\n");
		} else if (sig == SIGUSR2) {
			printf("  delivering SIGUSR1 instead\n");
			check("CONT", pt(PTRACE_CONT, c, 0, SIGUSR1));
			st = wait_for(c);
			if (!WIFSTOPPED(st))
				break;
			printf("  next stop signal %d\n", WSTOPSIG(st));
			check("CONT", pt(PTRACE_CONT, c, 0, WSTOPSIG(st)));
			st = wait_for(c);
			break;
		}
	}
	describe("tracee (1: one handler run)", st);
}

/* ---- ATTACH, and errors --------------------------------------------------------------------- */

static void read_tracer_pid(pid_t pid, const char *what)
{
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%d/status", pid);
	FILE *f = fopen(path, "r");
	if (!f) {
		printf("%s: no status\n", what);
		return;
	}
	while (fgets(line, sizeof line, f)) {
		if (strncmp(line, "TracerPid:", 10) == 0) {
			int tp = atoi(line + 10);
			printf("%s: TracerPid is %s\n", what, tp == getpid() ? "me" : tp == 0 ? "0" : "other");
		}
		if (strncmp(line, "State:", 6) == 0)
			printf("%s: in a tracing stop %d\n", what, strstr(line, "t (tracing stop)") != NULL);
	}
	fclose(f);
}

static void test_attach(void)
{
	printf("-- attach\n");
	pid_t c = fork_flushed();
	if (c == 0) {
		for (;;)
			pause();
	}
	read_tracer_pid(c, "before");
	printf("CONT before attach: %s\n", errname((int)-pt(PTRACE_CONT, c, 0, 0)));
	printf("ATTACH self: %s\n", errname((int)-pt(PTRACE_ATTACH, getpid(), 0, 0)));
	check("ATTACH", pt(PTRACE_ATTACH, c, 0, 0));
	int st = wait_for(c);
	describe("attached", st);
	read_tracer_pid(c, "attached");
	printf("ATTACH again: %s\n", errname((int)-pt(PTRACE_ATTACH, c, 0, 0)));
	printf("SEIZE with bad options: %s\n", errname((int)-pt(PTRACE_SEIZE, c, 0, 0x40000000)));
	printf("INTERRUPT without SEIZE: %s\n", errname((int)-pt(PTRACE_INTERRUPT, c, 0, 0)));
	printf("CONT with bad signal: %s\n", errname((int)-pt(PTRACE_CONT, c, 0, 1000)));
	printf("GETSIGINFO ok: %d\n", pt(PTRACE_GETSIGINFO, c, 0, (long)&(siginfo_t){0}) == 0);
	check("DETACH", pt(PTRACE_DETACH, c, 0, 0));
	printf("CONT after detach: %s\n", errname((int)-pt(PTRACE_CONT, c, 0, 0)));
	usleep(20000);
	read_tracer_pid(c, "detached");
	kill(c, SIGKILL);
	describe("child", wait_for(c));
	printf("ATTACH to a gone pid: %s\n", errname((int)-pt(PTRACE_ATTACH, c, 0, 0)));
}

/* ---- SEIZE, INTERRUPT, LISTEN ----------------------------------------------------------------- */

static void test_seize(void)
{
	printf("-- seize\n");
	pid_t c = fork_flushed();
	if (c == 0) {
		for (;;)
			pause();
	}
	check("SEIZE", pt(PTRACE_SEIZE, c, 0, PTRACE_O_TRACESYSGOOD));
	read_tracer_pid(c, "seized");
	check("INTERRUPT", pt(PTRACE_INTERRUPT, c, 0, 0));
	describe("interrupted", wait_for(c));
	siginfo_t si;
	check("GETSIGINFO", pt(PTRACE_GETSIGINFO, c, 0, (long)&si));
	printf("event stop siginfo: signo %d code %#x\n", si.si_signo, si.si_code);
	check("CONT", pt(PTRACE_CONT, c, 0, 0));
	kill(c, SIGSTOP);
	describe("after kill SIGSTOP", wait_for(c));
	check("CONT", pt(PTRACE_CONT, c, 0, SIGSTOP));
	describe("group stop", wait_for(c));
	check("LISTEN", pt(PTRACE_LISTEN, c, 0, 0));
	int st;
	printf("listening: waitpid WNOHANG gives %d\n", waitpid(c, &st, WNOHANG | __WALL));
	kill(c, SIGCONT);
	describe("after SIGCONT", wait_for(c));
	check("CONT", pt(PTRACE_CONT, c, 0, 0));
	describe("next", wait_for(c));
	check("CONT", pt(PTRACE_CONT, c, 0, SIGCONT));
	kill(c, SIGKILL);
	describe("child", wait_for(c));
}

/* ---- exec and fork events ----------------------------------------------------------------------- */

static void test_events(void)
{
	printf("-- events\n");
	pid_t c = fork_flushed();
	if (c == 0) {
		traceme_and_stop();
		pid_t g = fork();
		if (g == 0)
			_exit(3);
		int gs;
		waitpid(g, &gs, 0);
		execl(self_path, self_path, "exec-child", WIFEXITED(gs) ? "3" : "?", (char *)0);
		_exit(99);
	}
	wait_for(c);
	check("SETOPTIONS", pt(PTRACE_SETOPTIONS, c, 0, PTRACE_O_TRACEFORK | PTRACE_O_TRACEEXEC));
	check("CONT", pt(PTRACE_CONT, c, 0, 0));
	int st = wait_for(c);
	describe("fork", st);
	unsigned long msg = 0;
	check("GETEVENTMSG", pt(PTRACE_GETEVENTMSG, c, 0, (long)&msg));
	pid_t g = (pid_t)msg;
	describe("new child", wait_for(g));
	read_tracer_pid(g, "new child");
	check("CONT new child", pt(PTRACE_CONT, g, 0, 0));
	describe("new child, to the tracer", wait_for(g));
	check("CONT", pt(PTRACE_CONT, c, 0, 0));
	for (;;) {
		st = wait_for(c);
		if (!WIFSTOPPED(st))
			break;
		if (st >> 16 == PTRACE_EVENT_EXEC) {
			describe("exec", st);
			check("GETEVENTMSG", pt(PTRACE_GETEVENTMSG, c, 0, (long)&msg));
			printf("exec message is the tracee's pid: %d\n", (pid_t)msg == c);
			check("CONT", pt(PTRACE_CONT, c, 0, 0));
			continue;
		}
		/* SIGCHLD for the grandchild: pass it on. */
		check("CONT", pt(PTRACE_CONT, c, 0, WSTOPSIG(st) == SIGCHLD ? SIGCHLD : 0));
	}
	describe("tracee after exec", st);

	printf("-- legacy exec SIGTRAP\n");
	c = fork_flushed();
	if (c == 0) {
		traceme_and_stop();
		execl(self_path, self_path, "exec-child", "0", (char *)0);
		_exit(99);
	}
	wait_for(c);
	check("CONT", pt(PTRACE_CONT, c, 0, 0));
	describe("after execve", wait_for(c));
	check("CONT", pt(PTRACE_CONT, c, 0, 0));
	describe("tracee", wait_for(c));
}

/* ---- PTRACE_O_EXITKILL and the exit event -------------------------------------------------------- */

static void test_exitkill(void)
{
	printf("-- exit event and EXITKILL\n");
	pid_t target = fork_flushed();
	if (target == 0) {
		for (;;)
			pause();
	}
	pid_t tracer = fork_flushed();
	if (tracer == 0) {
		if (pt(PTRACE_SEIZE, target, 0, PTRACE_O_EXITKILL) != 0)
			_exit(1);
		_exit(0);
	}
	describe("tracer", wait_for(tracer));
	describe("target", wait_for(target));

	pid_t c = fork_flushed();
	if (c == 0) {
		traceme_and_stop();
		_exit(5);
	}
	wait_for(c);
	check("SETOPTIONS", pt(PTRACE_SETOPTIONS, c, 0, PTRACE_O_TRACEEXIT));
	check("CONT", pt(PTRACE_CONT, c, 0, 0));
	int st = wait_for(c);
	describe("exiting", st);
	unsigned long msg = 0;
	check("GETEVENTMSG", pt(PTRACE_GETEVENTMSG, c, 0, (long)&msg));
	printf("exit event message %#lx\n", msg);
	check("CONT", pt(PTRACE_CONT, c, 0, 0));
	describe("tracee", wait_for(c));
}

/* ---- PTRACE_SINGLESTEP --------------------------------------------------------------------------- */

static void test_singlestep(void)
{
	printf("-- single-step\n");
	pid_t c = fork_flushed();
	if (c == 0) {
		traceme_and_stop();
		for (volatile int i = 0; i < 3; i++)
			;
		syscall(SYS_getpid);
		_exit(4);
	}
	wait_for(c);
	long steps = 0, traps = 0, moved = 0, tf = 0;
	unsigned long last = 0;
	int st;
	for (;;) {
		check("SINGLESTEP", pt(PTRACE_SINGLESTEP, c, 0, 0));
		st = wait_for(c);
		if (!WIFSTOPPED(st) || ++steps > 100000)
			break;
		struct user_regs_struct r;
		pt(PTRACE_GETREGS, c, 0, (long)&r);
		traps += WSTOPSIG(st) == SIGTRAP;
		moved += r.rip != last;
		tf += (r.eflags & 0x100) != 0;
		last = r.rip;
	}
	printf("%ld steps, every one a SIGTRAP %d, rip moved each time %d, TF seen %ld\n",
	       steps, traps == steps, moved == steps, tf);
	describe("tracee", st);
}

int main(int argc, char **argv)
{
	self_path = argv[0];
	if (argc > 2 && strcmp(argv[1], "exec-child") == 0)
		return atoi(argv[2]) + 5;
	if (argc > 1 && strcmp(argv[1], "getpids") == 0) {
		/* For strace -f -e trace=getpid,exit_group (PtraceTest). */
		syscall(SYS_getpid);
		pid_t c = fork();
		if (c == 0) {
			syscall(SYS_getpid);
			_exit(0);
		}
		waitpid(c, NULL, 0);
		syscall(SYS_getpid);
		return 3;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	test_syscall_stops();
	test_syscall_changes();
	test_memory();
	test_signals();
	test_attach();
	test_seize();
	test_events();
	test_exitkill();
	test_singlestep();
	return 0;
}
