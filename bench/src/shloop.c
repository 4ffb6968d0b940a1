/*
 * shloop - a shell loop that starts a program many times.
 *
 * Runs `SHELL sh -c 'i=0; while [ $i -lt N ]; do PROGRAM; i=$((i+1)); done'`
 * (SHELL is a BusyBox binary) and reports its wall time scaled to 500 runs,
 * so a --quick run with fewer iterations stays comparable. It is the mixed
 * workload: the shell forks and execs for each run, and its own builtins
 * ([ and arithmetic) run in between. The time is taken inside the guest, so
 * a sandbox's own start-up is not part of it.
 *
 * Usage: shloop ITERATIONS ROUNDS PROGRAM [BUSYBOX]
 *        prints the best round's seconds per 500 runs
 */
#include <sys/wait.h>

#include "bench.h"

#define USAGE "usage: shloop ITERATIONS ROUNDS PROGRAM [BUSYBOX]\n"

extern char **environ;

/* Runs the loop once, n times round; returns the seconds taken. */
static double run_loop(const char *busybox, const char *program, long n)
{
	char script[4096];
	snprintf(script, sizeof script,
		 "i=0; while [ $i -lt %ld ]; do %s; i=$((i+1)); done", n, program);
	char *argv[] = {(char *)busybox, "sh", "-c", script, NULL};
	double start = now_ns();
	pid_t pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		execve(busybox, argv, environ);
		_exit(127);
	}
	int status;
	if (waitpid(pid, &status, 0) != pid)
		die("waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		errno = ECHILD;
		die("shell loop failed");
	}
	return (now_ns() - start) / 1e9;
}

int main(int argc, char **argv)
{
	if (argc != 4 && argc != 5)
		return say(USAGE), 1;
	long iterations = count_arg(argv[1], USAGE);
	long rounds = count_arg(argv[2], USAGE);
	const char *program = argv[3];
	const char *busybox = argc == 5 ? argv[4] : "/bin/busybox";
	double best = 0;

	/* An untimed, shorter loop first: warms caches, and a JIT in the kernel. */
	run_loop(busybox, program, iterations < 50 ? iterations : 50);
	for (long r = 0; r < rounds; r++) {
		double per_500 = run_loop(busybox, program, iterations) * 500 / iterations;
		if (r == 0 || per_500 < best)
			best = per_500;
	}
	report(NULL, best);
	return 0;
}
