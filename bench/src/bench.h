/*
 * bench.h - the few helpers every benchmark program shares.
 *
 * Output goes through write(2) alone (no stdio buffering), so a program that
 * only computes and prints can also run under ctracer. Each program prints its
 * metric as the last line, or "KEY VALUE" lines when it measures more than one
 * thing in a run (bench/run selects them with PROG:KEY).
 */
#ifndef BENCH_H
#define BENCH_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static inline void say(const char *s)
{
	size_t len = strlen(s);
	while (len > 0) {
		ssize_t n = write(1, s, len);
		if (n <= 0)
			exit(3);
		s += n;
		len -= (size_t)n;
	}
}

/* Prints "WHAT: strerror(errno)" to stderr and exits 2: a failed run, not a number. */
static inline void die(const char *what)
{
	char line[256];
	snprintf(line, sizeof line, "%s: %s\n", what, strerror(errno));
	if (write(2, line, strlen(line)) < 0)
		exit(2);
	exit(2);
}

static inline double now_ns(void)
{
	struct timespec ts;
	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		die("clock_gettime");
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/*
 * Prints "KEY VALUE\n", or just "VALUE\n" when key is NULL, with three
 * significant digits or more, so sub-microsecond costs keep their precision.
 */
static inline void report(const char *key, double value)
{
	char line[96];
	int decimals = value < 1 ? 3 : value < 100 ? 2 : 1;
	if (key)
		snprintf(line, sizeof line, "%s %.*f\n", key, decimals, value);
	else
		snprintf(line, sizeof line, "%.*f\n", decimals, value);
	say(line);
}

/* Parses a positive count argument, or exits with the usage line. */
static inline long count_arg(const char *s, const char *usage)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || v <= 0) {
		say(usage);
		exit(1);
	}
	return v;
}

#endif
