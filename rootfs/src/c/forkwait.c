/*
 * forkwait - processes: fork, copy-on-write isolation, wait statuses, execve.
 *
 * Prints the facts a parent can observe about its children - statuses,
 * what each side of a fork sees in memory, what flows through a pipe - and
 * never a pid, so native and umk output match byte for byte.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errname.h"

static int heap_value = 1;

static void describe_status(const char *what, int st)
{
	if (WIFEXITED(st))
		printf("%s: exited %d\n", what, WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		printf("%s: killed by signal %d%s\n", what, WTERMSIG(st), WCOREDUMP(st) ? " (core)" : "");
	else
		printf("%s: status %#x\n", what, st);
}

static void exit_statuses(void)
{
	for (int code = 0; code < 3; code++) {
		pid_t c = fork();
		if (c == 0)
			_exit(code * 7);
		int st;
		pid_t w = waitpid(c, &st, 0);
		printf("waitpid returned the child: %s\n", w == c ? "yes" : "no");
		describe_status("child", st);
	}
}

static void killed_by_signal(void)
{
	pid_t c = fork();
	if (c == 0) {
		pause();
		_exit(0);
	}
	kill(c, SIGTERM);
	int st;
	waitpid(c, &st, 0);
	describe_status("child sent SIGTERM", st);

	c = fork();
	if (c == 0) {
		raise(SIGKILL);
		_exit(0);
	}
	waitpid(c, &st, 0);
	describe_status("child raising SIGKILL", st);
}

static void copy_on_write(void)
{
	int *shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int *priv = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	*shared = 10;
	*priv = 20;
	int stack_value = 30;
	pid_t parent = getpid();

	pid_t c = fork();
	if (c == 0) {
		*shared += 1;
		*priv += 1;
		stack_value += 1;
		heap_value += 1;
		/* The child's view: its own writes, and its parent is the forker. */
		int ok = *shared == 11 && *priv == 21 && stack_value == 31 && heap_value == 2;
		_exit(ok && getppid() == parent ? 0 : 1);
	}
	int st;
	waitpid(c, &st, 0);
	describe_status("child writing after fork", st);
	printf("parent sees MAP_SHARED write: %d\n", *shared);
	printf("parent keeps MAP_PRIVATE value: %d\n", *priv);
	printf("parent keeps stack value: %d\n", stack_value);
	printf("parent keeps data value: %d\n", heap_value);
}

static void pipe_between(void)
{
	int fds[2];
	if (pipe(fds) != 0) {
		printf("pipe: %s\n", errname(errno));
		return;
	}
	pid_t c = fork();
	if (c == 0) {
		close(fds[0]);
		const char msg[] = "through the pipe";
		ssize_t n = write(fds[1], msg, sizeof msg - 1);
		_exit(n == (ssize_t)(sizeof msg - 1) ? 0 : 1);
	}
	close(fds[1]);
	char buf[64] = {0};
	size_t got = 0;
	ssize_t n;
	while ((n = read(fds[0], buf + got, sizeof buf - 1 - got)) > 0)
		got += (size_t)n;
	printf("read from child: \"%s\", then EOF: %s\n", buf, n == 0 ? "yes" : "no");
	close(fds[0]);
	int st;
	waitpid(c, &st, 0);
	describe_status("pipe writer", st);
}

static void wait_errors(void)
{
	int st;
	errno = 0;
	printf("wait with no children: %s\n", errname(wait(&st) < 0 ? errno : 0));
	pid_t c = fork();
	if (c == 0) {
		pause();
		_exit(0);
	}
	pid_t w = waitpid(c, &st, WNOHANG);
	printf("WNOHANG on a running child returns 0: %s\n", w == 0 ? "yes" : "no");
	kill(c, SIGKILL);
	waitpid(c, &st, 0);
	describe_status("reaped", st);
}

static void exec_self(const char *self)
{
	pid_t c = fork();
	if (c == 0) {
		char *argv[] = {(char *)self, "child", NULL};
		char *envp[] = {"FORKWAIT_EXEC=from-parent", NULL};
		execve(self, argv, envp);
		_exit(127);
	}
	int st;
	waitpid(c, &st, 0);
	describe_status("exec'd child", st);

	errno = 0;
	char *argv[] = {"/nonexistent/program", NULL};
	execve(argv[0], argv, NULL);
	printf("execve of a missing file: %s\n", errname(errno));
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "child") == 0) {
		const char *v = getenv("FORKWAIT_EXEC");
		printf("exec'd child sees FORKWAIT_EXEC=%s\n", v ? v : "(unset)");
		fflush(stdout);
		return 5;
	}
	setvbuf(stdout, NULL, _IONBF, 0); /* children share stdout: no buffered duplicates */
	exit_statuses();
	killed_by_signal();
	copy_on_write();
	pipe_between();
	wait_errors();
	exec_self(argv[0]);
	return 0;
}
