/*
 * forkexec - the cost of starting a program: fork, execve, exit, waitpid.
 *
 * Each iteration forks a child that execve()s PROGRAM (bench's static true:
 * no dynamic loader, no work), and waits for it. Beyond forkwait this adds
 * loading an ELF image and building a fresh address space and stack.
 *
 * Usage: forkexec ITERATIONS ROUNDS PROGRAM   prints the best round's µs per run
 */
#include <sys/wait.h>

#include "bench.h"

#define USAGE "usage: forkexec ITERATIONS ROUNDS PROGRAM\n"

extern char **environ;

int main(int argc, char **argv)
{
	if (argc != 4)
		return say(USAGE), 1;
	long iterations = count_arg(argv[1], USAGE);
	long rounds = count_arg(argv[2], USAGE);
	char *child_argv[] = {argv[3], NULL};
	double best = 0;

	/* One untimed round first: warms caches, and a JIT in the kernel. */
	for (long r = -1; r < rounds; r++) {
		double start = now_ns();
		for (long i = 0; i < iterations; i++) {
			pid_t pid = fork();
			if (pid < 0)
				die("fork");
			if (pid == 0) {
				execve(child_argv[0], child_argv, environ);
				_exit(127);
			}
			int status;
			if (waitpid(pid, &status, 0) != pid)
				die("waitpid");
			if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
				errno = ENOEXEC;
				die(argv[3]);
			}
		}
		double per_call = (now_ns() - start) / iterations / 1e3;
		if (r == 0 || (r > 0 && per_call < best))
			best = per_call;
	}
	report(NULL, best);
	return 0;
}
