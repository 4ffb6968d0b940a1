/*
 * filerw - file write and read-back bandwidth in one directory.
 *
 * Each round writes MIB MiB to DIR/bench-filerw in 1 MiB write(2)s, fsyncs
 * and closes it (the write figure), then reads it back in 1 MiB read(2)s (the
 * read figure: the data is cached, so this is the kernel's copy path, not a
 * disk). DIR selects the filesystem: tmpfs, or a host directory (umk's hostfs
 * through --volume), where fsync reaches the host's disk.
 *
 * Usage: filerw MIB ROUNDS DIR   prints "write MB/s" and "read MB/s" (best rounds)
 */
#include <fcntl.h>
#include <sys/stat.h>

#include "bench.h"

#define USAGE "usage: filerw MIB ROUNDS DIR\n"
#define CHUNK (1L << 20)
/* The untimed warm-up round writes this much at most: enough for a JIT. */
#define WARMUP_MIB 16

static char buf[CHUNK];

/* Writes mib MiB to path, fsyncs and closes it; returns the seconds taken. */
static double write_file(const char *path, long mib)
{
	/* Freeing the previous round's file is not part of writing this one. */
	if (unlink(path) != 0 && errno != ENOENT)
		die("unlink");
	double start = now_ns();
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	if (fd < 0)
		die(path);
	for (long i = 0; i < mib; i++) {
		buf[0] = (char)i; /* each chunk differs, so the read-back check means something */
		if (write(fd, buf, CHUNK) != CHUNK)
			die("write");
	}
	if (fsync(fd) != 0)
		die("fsync");
	if (close(fd) != 0)
		die("close");
	return (now_ns() - start) / 1e9;
}

/* Reads path back to its end, checking length and chunk tags; returns the seconds taken. */
static double read_file(const char *path, long mib)
{
	double start = now_ns();
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		die(path);
	long total = 0;
	for (;;) {
		ssize_t n = read(fd, buf, CHUNK);
		if (n < 0)
			die("read");
		if (n == 0)
			break;
		if (total % CHUNK == 0 && buf[0] != (char)(total / CHUNK)) {
			errno = EIO;
			die("read back wrong data");
		}
		total += n;
	}
	if (close(fd) != 0)
		die("close");
	if (total != mib * CHUNK) {
		errno = EIO;
		die("read back wrong length");
	}
	return (now_ns() - start) / 1e9;
}

int main(int argc, char **argv)
{
	if (argc != 4)
		return say(USAGE), 1;
	long mib = count_arg(argv[1], USAGE);
	long rounds = count_arg(argv[2], USAGE);
	const char *dir = argv[3];
	char path[4096];
	snprintf(path, sizeof path, "%s/bench-filerw", dir);
	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		die(dir);
	memset(buf, 'u', sizeof buf);

	long warm = mib < WARMUP_MIB ? mib : WARMUP_MIB;
	write_file(path, warm);
	read_file(path, warm);

	double best_write = 0, best_read = 0;
	for (long r = 0; r < rounds; r++) {
		double w = mib * CHUNK / 1e6 / write_file(path, mib);
		double rd = mib * CHUNK / 1e6 / read_file(path, mib);
		if (w > best_write)
			best_write = w;
		if (rd > best_read)
			best_read = rd;
	}
	if (unlink(path) != 0)
		die("unlink");
	report("write", best_write);
	report("read", best_read);
	return 0;
}
