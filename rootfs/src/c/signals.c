/*
 * signals - delivery, masking, siginfo, fault recovery, alternate stacks.
 *
 * Handlers record what they saw; main prints it afterwards (printf is not
 * async-signal-safe). Addresses appear only as offsets, so native and umk
 * output match byte for byte.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <unistd.h>

#include "errname.h"

static volatile sig_atomic_t hits;
static volatile int last_signo, last_code;
static volatile uintptr_t last_addr;
static volatile int on_altstack;
static sigjmp_buf recover;
static char *altstack;

static void count(int sig)
{
	hits++;
	last_signo = sig;
}

static void info_handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	hits++;
	last_signo = sig;
	last_code = si->si_code;
	last_addr = (uintptr_t)si->si_addr;
	char probe;
	on_altstack = altstack && &probe >= altstack && &probe < altstack + SIGSTKSZ * 4;
}

static void fault_handler(int sig, siginfo_t *si, void *uc)
{
	info_handler(sig, si, uc);
	siglongjmp(recover, 1);
}

static void install(int sig, void (*h)(int), int flags)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = h;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

static void install_info(int sig, void (*h)(int, siginfo_t *, void *), int flags)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = h;
	sa.sa_flags = SA_SIGINFO | flags;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

static const char *code_name(int sig, int code)
{
	if (code == SI_USER) return "SI_USER";
	if (code == SI_TKILL) return "SI_TKILL";
	if (code == SI_QUEUE) return "SI_QUEUE";
	if (code == SI_TIMER) return "SI_TIMER";
	if (code == SI_KERNEL) return "SI_KERNEL";
	if (sig == SIGSEGV && code == SEGV_MAPERR) return "SEGV_MAPERR";
	if (sig == SIGSEGV && code == SEGV_ACCERR) return "SEGV_ACCERR";
	if (sig == SIGFPE && code == FPE_INTDIV) return "FPE_INTDIV";
	if (sig == SIGILL && code == ILL_ILLOPN) return "ILL_ILLOPN";
	if (sig == SIGILL && code == ILL_ILLOPC) return "ILL_ILLOPC";
	if (sig == SIGALRM && code == SI_KERNEL) return "SI_KERNEL";
	return "other";
}

static void simple_delivery(void)
{
	install(SIGUSR1, count, 0);
	hits = 0;
	raise(SIGUSR1);
	printf("raise(SIGUSR1) ran handler: %d time(s), signal %d\n", hits, last_signo);
	hits = 0;
	kill(getpid(), SIGUSR1);
	printf("kill(self, SIGUSR1) ran handler: %d time(s)\n", hits);

	install_info(SIGUSR2, info_handler, 0);
	kill(getpid(), SIGUSR2);
	printf("kill: si_code %s\n", code_name(SIGUSR2, last_code));
	raise(SIGUSR2);
	printf("raise: si_code %s\n", code_name(SIGUSR2, last_code));
	union sigval v = {.sival_int = 7};
	sigqueue(getpid(), SIGUSR2, v);
	printf("sigqueue: si_code %s\n", code_name(SIGUSR2, last_code));
}

static void masking(void)
{
	sigset_t set, old, pending;
	install(SIGUSR1, count, 0);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, &old);
	hits = 0;
	raise(SIGUSR1);
	raise(SIGUSR1);
	sigpending(&pending);
	printf("blocked: handler ran %d, pending %s\n", hits, sigismember(&pending, SIGUSR1) ? "yes" : "no");
	sigprocmask(SIG_SETMASK, &old, NULL);
	printf("unblocked: standard signal delivered once: %d\n", hits);

	install(SIGRTMIN, count, 0);
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN);
	sigprocmask(SIG_BLOCK, &set, &old);
	hits = 0;
	for (int i = 0; i < 3; i++)
		raise(SIGRTMIN);
	sigprocmask(SIG_SETMASK, &old, NULL);
	printf("unblocked: real-time signal queued: %d\n", hits);

	errno = 0;
	printf("sigaction(SIGKILL): %s\n", errname(sigaction(SIGKILL, &(struct sigaction){0}, NULL) ? errno : 0));
	printf("sigaction(0): %s\n", errname(sigaction(0, &(struct sigaction){0}, NULL) ? errno : 0));
	printf("kill(self, 0): %s\n", errname(kill(getpid(), 0) ? errno : 0));
	printf("kill(self, 999): %s\n", errname(kill(getpid(), 999) ? errno : 0));

	install(SIGUSR1, SIG_IGN, 0);
	hits = 0;
	raise(SIGUSR1);
	printf("SIG_IGN: still alive, handler ran %d\n", hits);

	install(SIGUSR1, count, SA_RESETHAND);
	hits = 0;
	raise(SIGUSR1);
	struct sigaction now;
	sigaction(SIGUSR1, NULL, &now);
	printf("SA_RESETHAND: ran %d, handler now SIG_DFL: %s\n", hits, now.sa_handler == SIG_DFL ? "yes" : "no");
}

static void faults(void)
{
	char *page = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(page + 4096, 4096);
	install_info(SIGSEGV, fault_handler, SA_NODEFER);

	if (sigsetjmp(recover, 1) == 0)
		*(volatile char *)(page + 100) = 1;
	printf("write to read-only page: signal %d, %s, si_addr at page+%ld\n", last_signo,
	       code_name(last_signo, last_code), (long)(last_addr - (uintptr_t)page));

	if (sigsetjmp(recover, 1) == 0)
		(void)*(volatile char *)(page + 4096 + 5);
	printf("read of unmapped page: signal %d, %s, si_addr at page+%ld\n", last_signo,
	       code_name(last_signo, last_code), (long)(last_addr - (uintptr_t)page));

	install_info(SIGFPE, fault_handler, SA_NODEFER);
	if (sigsetjmp(recover, 1) == 0) {
		int zero = 0;
		__asm__ volatile("xor %%edx, %%edx\n\tmov $1, %%eax\n\tidivl %0" : : "r"(zero) : "eax", "edx");
	}
	printf("integer divide by zero: signal %d, %s\n", last_signo, code_name(last_signo, last_code));

	install_info(SIGILL, fault_handler, SA_NODEFER);
	if (sigsetjmp(recover, 1) == 0)
		__asm__ volatile("ud2");
	printf("ud2: signal %d, %s\n", last_signo, code_name(last_signo, last_code));
	munmap(page, 4096);
}

static void alternate_stack(void)
{
	altstack = malloc(SIGSTKSZ * 4);
	stack_t ss = {.ss_sp = altstack, .ss_size = SIGSTKSZ * 4, .ss_flags = 0};
	printf("sigaltstack: %s\n", errname(sigaltstack(&ss, NULL) ? errno : 0));
	install_info(SIGUSR2, info_handler, SA_ONSTACK);
	on_altstack = 0;
	raise(SIGUSR2);
	printf("SA_ONSTACK handler ran on the alternate stack: %s\n", on_altstack ? "yes" : "no");
	install_info(SIGUSR2, info_handler, 0);
	raise(SIGUSR2);
	printf("plain handler ran on the alternate stack: %s\n", on_altstack ? "yes" : "no");
}

static void timers(void)
{
	/* Periodic, so a tick lost to the race before pause() or read() is not a hang. */
	struct itimerval it = {.it_value = {.tv_usec = 20000}, .it_interval = {.tv_usec = 20000}};
	struct itimerval off = {0};
	install(SIGALRM, count, 0);
	hits = 0;
	setitimer(ITIMER_REAL, &it, NULL);
	while (!hits)
		pause();
	setitimer(ITIMER_REAL, &off, NULL);
	printf("ITIMER_REAL fired SIGALRM: %s\n", hits > 0 ? "yes" : "no");

	/* A signal interrupting a blocking call without SA_RESTART: EINTR. */
	setitimer(ITIMER_REAL, &it, NULL);
	int fds[2];
	pipe(fds);
	char c;
	errno = 0;
	ssize_t n = read(fds[0], &c, 1);
	int e = n < 0 ? errno : 0;
	setitimer(ITIMER_REAL, &off, NULL);
	printf("read interrupted by a signal: %s\n", errname(e));
}

int main(void)
{
	simple_delivery();
	masking();
	faults();
	alternate_stack();
	timers();
	printf("done\n");
	return 0;
}
