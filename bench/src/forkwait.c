/*
 * forkwait - the cost of creating and reaping a process.
 *
 * Each iteration forks a child that calls _exit(0) at once, and waits for it:
 * a new address space (copy-on-write of the parent's), a task, an exit and a
 * reap. Under umk this includes creating the child's stub process.
 *
 * Usage: forkwait ITERATIONS ROUNDS   prints the best round's µs per fork+_exit+waitpid
 */
#include <sys/wait.h>

#include "bench.h"

#define USAGE "usage: forkwait ITERATIONS ROUNDS\n"

int main(int argc, char **argv)
{
	if (argc != 3)
		return say(USAGE), 1;
	long iterations = count_arg(argv[1], USAGE);
	long rounds = count_arg(argv[2], USAGE);
	double best = 0;

	/* One untimed round first: warms caches, and a JIT in the kernel. */
	for (long r = -1; r < rounds; r++) {
		double start = now_ns();
		for (long i = 0; i < iterations; i++) {
			pid_t pid = fork();
			if (pid < 0)
				die("fork");
			if (pid == 0)
				_exit(0);
			int status;
			if (waitpid(pid, &status, 0) != pid)
				die("waitpid");
			if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
				errno = ECHILD;
				die("child did not exit 0");
			}
		}
		double per_call = (now_ns() - start) / iterations / 1e3;
		if (r == 0 || (r > 0 && per_call < best))
			best = per_call;
	}
	report(NULL, best);
	return 0;
}
