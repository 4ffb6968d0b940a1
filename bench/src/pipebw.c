/*
 * pipebw - pipe bandwidth with 64 KiB writes between two processes.
 *
 * The parent writes MIB MiB into a pipe in 64 KiB write(2)s; the child reads
 * them in 64 KiB read(2)s and, once it has the whole round, answers with one
 * byte on a second pipe. The round's time ends at that answer, so it covers
 * every byte reaching the reader, not just the writer filling the pipe.
 *
 * Usage: pipebw MIB ROUNDS   prints the best round's MB/s (10^6 bytes)
 */
#include <sys/wait.h>

#include "bench.h"

#define USAGE "usage: pipebw MIB ROUNDS\n"
#define CHUNK (64L << 10)

static char buf[CHUNK];

/* The child: read bytes_per_round from in, then ack on out; repeat until EOF. */
static void drain(int in, int out, long bytes_per_round)
{
	long got = 0;
	for (;;) {
		ssize_t n = read(in, buf, CHUNK);
		if (n == 0)
			_exit(got == 0 ? 0 : 1);
		if (n < 0)
			_exit(1);
		got += n;
		if (got >= bytes_per_round) {
			if (got != bytes_per_round || write(out, "k", 1) != 1)
				_exit(1);
			got = 0;
		}
	}
}

/* Sends one round's bytes and waits for the child's ack; returns the seconds taken. */
static double one_round(int out, int ack, long bytes)
{
	double start = now_ns();
	for (long sent = 0; sent < bytes; sent += CHUNK) {
		if (write(out, buf, CHUNK) != CHUNK)
			die("write");
	}
	char c;
	if (read(ack, &c, 1) != 1)
		die("read ack");
	return (now_ns() - start) / 1e9;
}

int main(int argc, char **argv)
{
	if (argc != 3)
		return say(USAGE), 1;
	long mib = count_arg(argv[1], USAGE);
	long rounds = count_arg(argv[2], USAGE);
	long bytes = mib << 20;
	int data[2], ack[2];
	if (pipe(data) != 0 || pipe(ack) != 0)
		die("pipe");
	pid_t pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		close(data[1]);
		close(ack[0]);
		drain(data[0], ack[1], bytes);
	}
	close(data[0]);
	close(ack[1]);
	memset(buf, 'b', sizeof buf);

	double best = 0;
	/* One untimed round first: warms caches, and a JIT in the kernel. */
	for (long r = -1; r < rounds; r++) {
		double rate = bytes / 1e6 / one_round(data[1], ack[0], bytes);
		if (r >= 0 && rate > best)
			best = rate;
	}
	close(data[1]);
	int status;
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		die("reader child failed");
	report(NULL, best);
	return 0;
}
