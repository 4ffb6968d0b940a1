/*
 * waitclone - what wait4/waitid report (stopped, continued, exited children, rusage times),
 * clone3's argument checks and CLONE_CLEAR_SIGHAND, execveat on O_PATH fds.
 * Usage: waitclone          runs every check
 *        waitclone exit N   exits with N (the program execveat runs)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <sys/prctl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "errname.h"

extern char **environ;

#ifndef CLONE_CLEAR_SIGHAND
#define CLONE_CLEAR_SIGHAND 0x100000000ULL
#endif

struct clone_args_v2 {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
	uint64_t set_tid, set_tid_size, cgroup;
	uint64_t extra;
};

static void report(const char *what, long r)
{
	printf("%s: %s\n", what, r < 0 ? errname(errno) : "ok");
}

static void waitid_codes(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	siginfo_t si;
	kill(pid, SIGSTOP);
	memset(&si, 0, sizeof si);
	waitid(P_PID, pid, &si, WSTOPPED);
	printf("stopped: code %s status %d pid ok %d\n", si.si_code == CLD_STOPPED ? "CLD_STOPPED" : "other",
	       si.si_status, si.si_pid == pid);
	kill(pid, SIGCONT);
	memset(&si, 0, sizeof si);
	waitid(P_PID, pid, &si, WCONTINUED);
	printf("continued: code %s status %d\n", si.si_code == CLD_CONTINUED ? "CLD_CONTINUED" : "other",
	       si.si_status);
	kill(pid, SIGKILL);
	memset(&si, 0, sizeof si);
	waitid(P_PID, pid, &si, WEXITED);
	printf("killed: code %s status %d\n", si.si_code == CLD_KILLED ? "CLD_KILLED" : "other", si.si_status);
}

static void wait_rusage(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		/* About 150 ms of user CPU time. */
		struct timespec t0, t;
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
		volatile unsigned long x = 0;
		do {
			for (int i = 0; i < 100000; i++)
				x += i;
			clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
		} while ((t.tv_sec - t0.tv_sec) * 1000000000L + (t.tv_nsec - t0.tv_nsec) < 150000000L);
		_exit(0);
	}
	int st;
	struct rusage ru;
	memset(&ru, 0, sizeof ru);
	wait4(pid, &st, 0, &ru);
	long us = ru.ru_utime.tv_sec * 1000000L + ru.ru_utime.tv_usec + ru.ru_stime.tv_sec * 1000000L +
		  ru.ru_stime.tv_usec;
	printf("wait4 rusage: child CPU >= 100 ms %d, < 10 s %d\n", us >= 100000, us < 10000000);
	report("waitpid(INT_MIN)", waitpid(INT_MIN, NULL, 0));
}

static void on_usr1(int sig)
{
	(void)sig;
}

static long clone3(struct clone_args_v2 *a, size_t size)
{
	return syscall(SYS_clone3, a, size);
}

static void clone3_checks(void)
{
	struct clone_args_v2 a;
	memset(&a, 0, sizeof a);
	a.exit_signal = SIGCHLD;
	a.extra = 1;
	report("clone3 nonzero bytes past the struct", clone3(&a, sizeof a));
	report("clone3 size 4097", clone3(&a, 4097));
	report("clone3 size 32", clone3(&a, 32));
	a.extra = 0;
	a.stack = 0x1000;
	report("clone3 stack without size", clone3(&a, sizeof a));
	a.stack = 0;
	a.stack_size = 4096;
	report("clone3 size without stack", clone3(&a, sizeof a));
	a.stack_size = 0;
	a.flags = CLONE_NEWNS | CLONE_FS;
	report("clone3 CLONE_NEWNS|CLONE_FS", clone3(&a, sizeof a));
	a.flags = CLONE_SIGHAND | CLONE_VM | CLONE_CLEAR_SIGHAND;
	report("clone3 CLONE_SIGHAND|CLONE_CLEAR_SIGHAND", clone3(&a, sizeof a));
	a.flags = SIGCHLD;
	report("clone3 signal in flags", clone3(&a, sizeof a));
	a.flags = 0;
	a.exit_signal = 0x100 | SIGCHLD;
	report("clone3 bad exit_signal", clone3(&a, sizeof a));

	/* CLONE_CLEAR_SIGHAND: caught signals go back to SIG_DFL, ignored ones stay ignored. */
	signal(SIGUSR1, on_usr1);
	signal(SIGUSR2, SIG_IGN);
	memset(&a, 0, sizeof a);
	a.flags = CLONE_CLEAR_SIGHAND;
	a.exit_signal = SIGCHLD;
	fflush(stdout);
	long pid = clone3(&a, 64);
	if (pid == 0) {
		struct sigaction s1, s2;
		sigaction(SIGUSR1, NULL, &s1);
		sigaction(SIGUSR2, NULL, &s2);
		_exit((s1.sa_handler == SIG_DFL ? 1 : 0) | (s2.sa_handler == SIG_IGN ? 2 : 0));
	}
	int st;
	waitpid(pid, &st, 0);
	printf("CLONE_CLEAR_SIGHAND: usr1 default %d, usr2 ignored %d\n", (WEXITSTATUS(st) & 1) != 0,
	       (WEXITSTATUS(st) & 2) != 0);
	signal(SIGUSR1, SIG_DFL);
	signal(SIGUSR2, SIG_DFL);
}

static void execveat_checks(const char *self)
{
	int fd = open(self, O_PATH);
	pid_t pid = fork();
	if (pid == 0) {
		char *argv[] = {(char *)self, "exit", "5", NULL};
		syscall(SYS_execveat, fd, "", argv, environ, AT_EMPTY_PATH);
		_exit(errno == EBADF ? 90 : 91);
	}
	int st;
	waitpid(pid, &st, 0);
	printf("execveat O_PATH fd: exit %d\n", WEXITSTATUS(st));
	char *argv[] = {"x", NULL};
	report("execveat relative to a non-directory", syscall(SYS_execveat, fd, "x", argv, environ, 0));
	close(fd);
}

/* PR_SET_CHILD_SUBREAPER: an orphaned grandchild comes to us, not to init. */
static void subreaper(void)
{
	int on = -1;
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	prctl(PR_GET_CHILD_SUBREAPER, &on);
	printf("subreaper flag: %d\n", on);
	int p[2];
	pipe(p);
	pid_t me = getpid();
	pid_t middle = fork();
	if (middle == 0) {
		if (fork() == 0) {
			char c;
			close(p[1]);
			read(p[0], &c, 1); /* until the middle process is gone */
			_exit(getppid() == me ? 7 : 8);
		}
		_exit(0);
	}
	close(p[0]);
	int st;
	waitpid(middle, &st, 0);
	close(p[1]);
	pid_t got = wait(&st);
	printf("orphan reaped by the subreaper: %d, its verdict %d\n", got > 0, WEXITSTATUS(st));
	prctl(PR_SET_CHILD_SUBREAPER, 0);
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "exit") == 0)
		return atoi(argv[2]);
	setvbuf(stdout, NULL, _IONBF, 0);
	waitid_codes();
	wait_rusage();
	clone3_checks();
	execveat_checks(argv[0]);
	subreaper();
	return 0;
}
