/*
 * eventfd - the eventfd counter through read, write and poll.
 *
 * Whole-count and semaphore reads, EAGAIN when empty or when a write would
 * reach 2^64-1, EINVAL for buffers under 8 bytes and for writing 2^64-1,
 * poll bits at each state, O_NONBLOCK / FD_CLOEXEC from the flags, a
 * blocking read woken by another process, a blocked write resumed by a
 * read, and an eventfd shared across fork.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errname.h"

static void result(const char *what, long rc)
{
	if (rc < 0)
		printf("%s: -1 %s\n", what, errname(errno));
	else
		printf("%s: %ld\n", what, rc);
}

static void rd(const char *what, int fd)
{
	uint64_t v = 0;
	long n = read(fd, &v, sizeof v);
	if (n < 0)
		printf("%s: -1 %s\n", what, errname(errno));
	else
		printf("%s: %ld bytes, value %llu\n", what, n, (unsigned long long)v);
}

static long wr(int fd, uint64_t v)
{
	return write(fd, &v, sizeof v);
}

static void show_poll(const char *what, int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN | POLLOUT };
	poll(&p, 1, 0);
	printf("%s:%s%s%s\n", what, p.revents & POLLIN ? " IN" : "", p.revents & POLLOUT ? " OUT" : "",
	       p.revents & POLLERR ? " ERR" : "");
}

static int efd_for_thread;

static void *drain_later(void *arg)
{
	(void)arg;
	usleep(50000);
	uint64_t v;
	if (read(efd_for_thread, &v, 8) != 8)
		return (void *)1;
	return NULL;
}

int main(void)
{
	result("eventfd bad flags", eventfd(0, 0x10));
	int fd = eventfd(5, EFD_NONBLOCK | EFD_CLOEXEC);
	int fl = fcntl(fd, F_GETFL);
	printf("flags: rdwr=%d nonblock=%d cloexec=%d\n", (fl & O_ACCMODE) == O_RDWR, !!(fl & O_NONBLOCK),
	       fcntl(fd, F_GETFD) & FD_CLOEXEC);
	struct stat st;
	fstat(fd, &st);
	printf("fstat: perms=%o size=%lld\n", (unsigned)(st.st_mode & 0777), (long long)st.st_size);
	show_poll("poll at 5", fd);
	result("write 3", wr(fd, 3));
	rd("read", fd);
	rd("read at 0", fd);
	show_poll("poll at 0", fd);
	char small[4];
	result("read 4 bytes", read(fd, small, 4));
	result("write 4 bytes", write(fd, small, 4));
	result("write 2^64-1", wr(fd, UINT64_MAX));
	uint64_t big[2] = { 7, 99 };
	result("write 16 bytes", write(fd, big, sizeof big));
	uint64_t out[2] = { 0, 0 };
	result("read 16 bytes", read(fd, out, sizeof out));
	printf("  got %llu, second word %llu\n", (unsigned long long)out[0], (unsigned long long)out[1]);

	result("write 2^64-2", wr(fd, UINT64_MAX - 1));
	show_poll("poll at max", fd);
	result("write 1 more", wr(fd, 1));
	result("write 0", wr(fd, 0));
	rd("read max", fd);
	close(fd);

	fd = eventfd(3, EFD_SEMAPHORE | EFD_NONBLOCK);
	rd("semaphore read", fd);
	rd("semaphore read", fd);
	rd("semaphore read", fd);
	rd("semaphore read at 0", fd);
	close(fd);

	fd = eventfd(0, 0);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		usleep(50000);
		wr(fd, 42);
		_exit(0);
	}
	rd("blocking read woken by a child", fd);
	int status;
	waitpid(pid, &status, 0);

	wr(fd, UINT64_MAX - 1);
	efd_for_thread = fd;
	pthread_t th;
	pthread_create(&th, NULL, drain_later, NULL);
	result("blocking write resumed after a read", wr(fd, 10));
	pthread_join(th, NULL);
	rd("value after", fd);
	result("eventfd(0) syscall", syscall(SYS_eventfd, 0));
	printf("done\n");
	return 0;
}
