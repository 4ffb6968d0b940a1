/*
 * touch - the cost of a first touch of anonymous memory.
 *
 * Maps a fresh anonymous region, writes one byte per 4 KiB page and reports
 * ns/page: the price of a demand-paging fault (allocate a zeroed frame, map
 * it). Each round maps and unmaps its own region, so every round is a first
 * touch.
 *
 * Usage: touch [MIB [ROUNDS]]   prints the best round's ns/page
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096UL

static void say(const char *s)
{
	if (write(1, s, strlen(s)) < 0)
		exit(3);
}

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long mib = argc > 1 ? atol(argv[1]) : 256;
	int rounds = argc > 2 ? atoi(argv[2]) : 3;
	size_t len = (size_t)mib << 20;
	size_t pages = len / PAGE;
	double best = 0;

	if (mib <= 0 || rounds <= 0) {
		say("usage: touch [MIB [ROUNDS]]\n");
		return 1;
	}
	for (int r = 0; r < rounds; r++) {
		volatile char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
					MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			say("mmap failed\n");
			return 2;
		}
		double start = now_ns();
		for (size_t i = 0; i < pages; i++)
			p[i * PAGE] = (char)i;
		double per_page = (now_ns() - start) / pages;
		if (r == 0 || per_page < best)
			best = per_page;
		munmap((void *)p, len);
	}

	char line[64];
	snprintf(line, sizeof line, "%.1f\n", best);
	say(line);
	return 0;
}
