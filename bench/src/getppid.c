/*
 * getppid - the cost of one system call round trip.
 *
 * getppid does no work in any kernel, so ns/call is the price of trapping
 * into the kernel and back: natively, under a bare ptrace tracer, or under
 * umk. Output is written with write(2) alone (no stdio), so the minimal
 * tracer in ctracer.c can run it.
 *
 * Usage: getppid [ITERATIONS [ROUNDS]]   prints the best round's ns/call
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void say(const char *s)
{
	if (write(1, s, strlen(s)) < 0)
		exit(3);
}

static double now_ns(void)
{
	struct timespec ts;
	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
		say("clock_gettime failed\n");
		exit(2);
	}
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long iterations = argc > 1 ? atol(argv[1]) : 1000000;
	int rounds = argc > 2 ? atoi(argv[2]) : 5;
	volatile pid_t sink = 0;
	double best = 0;

	if (iterations <= 0 || rounds <= 0) {
		say("usage: getppid [ITERATIONS [ROUNDS]]\n");
		return 1;
	}
	/* One untimed round first: warms caches, and a JIT in the kernel. */
	for (int r = -1; r < rounds; r++) {
		double start = now_ns();
		for (long i = 0; i < iterations; i++)
			sink = getppid();
		double per_call = (now_ns() - start) / iterations;
		if (r >= 0 && (r == 0 || per_call < best))
			best = per_call;
	}
	(void)sink;

	char line[64];
	snprintf(line, sizeof line, "%.1f\n", best);
	say(line);
	return 0;
}
