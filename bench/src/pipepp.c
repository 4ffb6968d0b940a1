/*
 * pipepp - pipe latency: one byte each way between two processes.
 *
 * The parent writes a byte into one pipe, the child echoes it back through
 * another; a round trip is two context switches, each a blocked read woken
 * by a write in the other process. Under umk that is a wake-up across two
 * stub processes and their tracer threads.
 *
 * Usage: pipepp ITERATIONS ROUNDS   prints the best round's µs per round trip
 */
#include <sys/wait.h>

#include "bench.h"

#define USAGE "usage: pipepp ITERATIONS ROUNDS\n"

/* The child: echo every byte from in to out until in reaches EOF. */
static void echo(int in, int out)
{
	char c;
	for (;;) {
		ssize_t n = read(in, &c, 1);
		if (n == 0)
			_exit(0);
		if (n != 1 || write(out, &c, 1) != 1)
			_exit(1);
	}
}

int main(int argc, char **argv)
{
	if (argc != 3)
		return say(USAGE), 1;
	long iterations = count_arg(argv[1], USAGE);
	long rounds = count_arg(argv[2], USAGE);
	int to_child[2], to_parent[2];
	if (pipe(to_child) != 0 || pipe(to_parent) != 0)
		die("pipe");
	pid_t pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		close(to_child[1]);
		close(to_parent[0]);
		echo(to_child[0], to_parent[1]);
	}
	close(to_child[0]);
	close(to_parent[1]);

	double best = 0;
	char c = 'p';
	/* One untimed round first: warms caches, and a JIT in the kernel. */
	for (long r = -1; r < rounds; r++) {
		double start = now_ns();
		for (long i = 0; i < iterations; i++) {
			if (write(to_child[1], &c, 1) != 1)
				die("write");
			if (read(to_parent[0], &c, 1) != 1)
				die("read");
		}
		double per_trip = (now_ns() - start) / iterations / 1e3;
		if (r == 0 || (r > 0 && per_trip < best))
			best = per_trip;
	}
	close(to_child[1]);
	int status;
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		die("echo child failed");
	report(NULL, best);
	return 0;
}
