/*
 * mapfile - writes text into a file through a MAP_SHARED mapping.
 *
 * Opens PATH (created if missing), makes it at least one page long, copies
 * TEXT into it through a shared writable mapping, msyncs and unmaps it, then
 * prints what read(2) sees at the start of the file. Under umk this checks
 * that a shared mapping of a host file (a --volume) reaches the host.
 *
 * Usage: mapfile [PATH TEXT]   (default: a scratch file in /dev/shm, removed)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "errname.h"

int main(int argc, char **argv)
{
	char scratch[64];
	const char *path = argc > 2 ? argv[1] : scratch;
	const char *text = argc > 2 ? argv[2] : "written through a shared mapping";
	if (argc <= 2)
		snprintf(scratch, sizeof scratch, "/dev/shm/umk-mapfile-%d", (int)getpid());
	int fd = open(path, O_RDWR | O_CREAT, 0644);
	if (fd < 0) {
		printf("open: %s\n", errname(errno));
		return 1;
	}
	struct stat st;
	fstat(fd, &st);
	if (st.st_size < 4096 && ftruncate(fd, 4096) != 0) {
		printf("ftruncate: %s\n", errname(errno));
		return 1;
	}
	char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED) {
		printf("mmap: %s\n", errname(errno));
		return 1;
	}
	memcpy(m, text, strlen(text));
	printf("msync: %s\n", errname(msync(m, 4096, MS_SYNC) ? errno : 0));
	munmap(m, 4096);
	char buf[256] = {0};
	pread(fd, buf, strlen(text), 0);
	printf("read back: %s\n", buf);
	close(fd);
	if (argc <= 2)
		unlink(path);
	return 0;
}
