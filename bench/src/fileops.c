/*
 * fileops - the cost of a path walk: open+close, and stat, of one file.
 *
 * Creates DIR/bench-fileops, then times rounds of ITERATIONS open(O_RDONLY)+
 * close calls and rounds of ITERATIONS stat calls on it. Run in a tmpfs
 * directory it measures the kernel's path walk and fd table; in a host
 * directory (umk's hostfs) it also shows what reaching the host file costs.
 * Both figures come from one run, so a slow-starting kernel starts once.
 *
 * Usage: fileops ITERATIONS ROUNDS DIR
 *        prints "open µs" (per open+close) and "stat µs" (per stat), best rounds
 */
#include <fcntl.h>
#include <sys/stat.h>

#include "bench.h"

#define USAGE "usage: fileops ITERATIONS ROUNDS DIR\n"

static void open_close(const char *path, long iterations)
{
	for (long i = 0; i < iterations; i++) {
		int fd = open(path, O_RDONLY);
		if (fd < 0 || close(fd) != 0)
			die("open/close");
	}
}

static void stat_file(const char *path, long iterations)
{
	struct stat st;
	for (long i = 0; i < iterations; i++) {
		if (stat(path, &st) != 0)
			die("stat");
	}
}

/* Runs op in rounds after an untimed one (caches, a JIT in the kernel); returns the best µs/call. */
static double best_of(void (*op)(const char *, long), const char *path, long iterations, long rounds)
{
	double best = 0;
	for (long r = -1; r < rounds; r++) {
		double start = now_ns();
		op(path, iterations);
		double per_call = (now_ns() - start) / iterations / 1e3;
		if (r == 0 || (r > 0 && per_call < best))
			best = per_call;
	}
	return best;
}

int main(int argc, char **argv)
{
	if (argc != 4)
		return say(USAGE), 1;
	long iterations = count_arg(argv[1], USAGE);
	long rounds = count_arg(argv[2], USAGE);
	const char *dir = argv[3];
	char path[4096];
	snprintf(path, sizeof path, "%s/bench-fileops", dir);

	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		die(dir);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, "x", 1) != 1 || close(fd) != 0)
		die(path);
	double open_us = best_of(open_close, path, iterations, rounds);
	double stat_us = best_of(stat_file, path, iterations, rounds);
	if (unlink(path) != 0)
		die("unlink");
	report("open", open_us);
	report("stat", stat_us);
	return 0;
}
